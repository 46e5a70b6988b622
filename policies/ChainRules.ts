/**
 * The checked shape of a chain-rules file such as `blockages.yaml` (see README.md in this
 * folder): readable rules over decisions of several agencies, served as one computed field.
 */

/** Where the result is served: `on.name`, governed by `label` in policy.yaml. */
export interface ChainField {
  on: string;
  name: string;
  label: string;
}

/** A decision the rules refer to, and where it lives in the data. */
export interface ChainDecision {
  id: string;
  agency: string;
  /** In the rules' own (plain) words. */
  name: string;
  /** Field names from `ChainField.on` to the decision object; a list on the way means any. */
  at: readonly string[];
  /** The field of the decision object holding its reason code (an enum). */
  reason: string;
  /** The field of the decision object holding when it was decided. */
  date: string;
}

export interface ChainStep {
  decision: string;
  reason: string;
}

export interface ChainBreaker {
  agency: string;
  how: string;
}

export interface ChainRule {
  id: string;
  steps: readonly ChainStep[];
  /** The last step waits on the first again (a lock, not just a chain). */
  closes: boolean;
  explanation: string;
  breakers: readonly ChainBreaker[];
}

export interface ChainRules {
  /** The file it came from, for messages. */
  file: string;
  version: string;
  field: ChainField;
  decisions: ReadonlyMap<string, ChainDecision>;
  rules: readonly ChainRule[];
}
