/**
 * What `npm run subgraph:check` finds about one proposed change, in the order it is
 * reported: composition, labels, privacy impact, client impact. The same object is
 * printed as text or, with `--json`, as is (docs/publishing-a-subgraph.md).
 */

/** One reason the change may not be published; it names the agency, the place and what to do. */
export interface CheckProblem {
  /** The subgraph (agency) it concerns. */
  agency: string;
  /** A stable code, e.g. `FIELD_LABEL_INVALID`, `FIELD_TYPE_MISMATCH`, `OWNER_MISMATCH`. */
  code: string;
  /** `Type.field` when the problem is about one field. */
  coordinate?: string;
  message: string;
}

/** Who may read a field once the change is live: a purpose and the roles that may declare it. */
export interface Reader {
  purpose: string;
  roles: string[];
}

/** One field the change adds, removes or relabels: a new disclosure, or one that stops. */
export interface FieldImpact {
  coordinate: string;
  change: 'added' | 'removed' | 'relabelled';
  /** The label after the change (before it, for a removed field). */
  label: string;
  /** The label before the change, for a relabelled field. */
  previousLabel?: string;
  /** A special category of personal data (GDPR art. 9/10, policy.yaml `specialCategories`). */
  specialCategory: boolean;
  /** The purposes that may read the field after the change (none for a removed field). */
  readableBy: Reader[];
}

/** A change to the public API as a client sees it (graphql-js findBreakingChanges / findDangerousChanges). */
export interface ClientChange {
  type: string;
  description: string;
}

export interface CheckReport {
  subgraph: string;
  action: 'publish' | 'retire';
  /** The registry file the change was checked against. */
  registry: string;
  /** True when `subgraph:publish` / `subgraph:retire` would write it. */
  publishable: boolean;
  composition: CheckProblem[];
  labels: CheckProblem[];
  privacy: FieldImpact[];
  client: { breaking: ClientChange[]; dangerous: ClientChange[] };
  /** Other reasons to refuse: ownership, need-to-know, breaking changes not allowed. */
  refusals: CheckProblem[];
  /** The version (hash) of the supergraph the change would produce; null when it does not compose. */
  supergraphVersion: string | null;
}
