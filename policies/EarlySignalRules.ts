/** The checked shape of `earlySignals.yaml`: which creditor reports make one early signal. */
export interface EarlySignalRules {
  file: string;
  version: string;
  /** Arrear kinds that count (values of the agency's arrear-kind enum). */
  kinds: readonly string[];
  /** Reports of fewer months in arrears do not count. */
  minMonths: number;
  /** At least this many different creditors … */
  creditors: number;
  /** … reporting within this many months of each other. */
  withinMonths: number;
}
