import type { TokenFailure, TokenFailureReason } from './classifyJwtError';

/**
 * A subgraph refused the gateway's caller token. Only the gateway talks to subgraphs, so
 * the message is for the operator (what to check), not for an end user; it never holds the
 * token or a claim value.
 */
export class CallerTokenError extends Error {
  override readonly name = 'CallerTokenError';
  readonly reason: TokenFailureReason;

  constructor(
    readonly failure: TokenFailure,
    /** The agency whose subgraph refused the token. */
    readonly agency: string,
  ) {
    super(
      `The ${agency} subgraph refused the gateway token (${failure.reason}${failure.claim ? `: ${failure.claim}` : ''}). ` +
        'Only the gateway may call subgraphs; check that it signs with the key whose public half this subgraph loads (GATEWAY_PUBLIC_KEY_FILE) and that the clocks agree.',
    );
    this.reason = failure.reason;
  }
}
