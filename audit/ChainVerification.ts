/** The result of walking the hash chain (`npm run audit:verify`, `auditChain`). */
export interface ChainVerification {
  /** True when every record verified and nothing is missing. */
  verified: boolean;
  /** How many records verified (all of them when `verified`; those before the break otherwise). */
  records: number;
  /** The first seq that does not verify; for a removed record, the seq that is missing. */
  firstBrokenSeq: number | null;
  /** Why, in words an operator can act on. */
  reason: string | null;
  /** The first seq present (after a prune: the one after the pruned prefix). */
  firstSeq: number | null;
  /** The last seq that verified, and its hash: record these elsewhere to detect a cut-off tail later. */
  lastSeq: number | null;
  lastHash: string | null;
}
