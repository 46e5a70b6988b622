import type { ChainVerification } from './ChainVerification';

/**
 * The retention prune refuses to run on a chain that does not verify: a checkpoint would
 * vouch for the tampered records and the prune would delete the evidence.
 */
export class AuditChainBrokenError extends Error {
  override readonly name = 'AuditChainBrokenError';
  readonly code = 'AUDIT_CHAIN_BROKEN';
  constructor(
    readonly file: string,
    readonly verification: ChainVerification,
  ) {
    super(
      `The audit chain in ${file} is broken at seq ${verification.firstBrokenSeq} (${verification.reason}); nothing was pruned. ` +
        'Investigate with npm run audit:verify and restore the file before pruning.',
    );
  }
}
