/** The compiled shape of `policy.yaml` (see README.md in this folder). */
export type RowAccess = 'active-relation' | 'self' | 'none';

export interface Purpose {
  id: string;
  name: string;
  processingActivity: string;
  legalBasis: string;
  description: string;
  labels: readonly string[];
  access: RowAccess;
  /** For `access: self`: the data-subject type whose id the caller's `sub` must be. */
  selfSubject?: string;
  /** Schema introspection and "Did you mean" hints for this purpose (only where the gateway has them on). */
  schemaIntrospection: boolean;
  auditRetentionDays: number;
  /**
   * Break-glass: this purpose may open a data subject it has no relation with, in an acute
   * emergency, with a written justification (`X-Break-Glass`); the access lasts `accessHours`.
   */
  breakGlass?: { accessHours: number };
  /**
   * How long data this purpose receives and has not acted on may be kept (e.g. early
   * signals, Wgs): removed after this many days by the agency's prune.
   */
  dataRetentionDays?: number;
}

/**
 * A write the API takes (deny by default: no other mutation is served): the purposes that
 * may send it and what its audit record keeps of it.
 */
export interface Write {
  /** `Mutation.field`. */
  coordinate: string;
  purposes: readonly string[];
  /**
   * `review`: the arguments `recordSeq`, `verdict`, `note` are the record's review verdict
   * (audit format 3); `none`: the record names the write like any request, nothing more.
   */
  records: 'review' | 'none';
}

/**
 * An entity type whose instances are data subjects (GDPR art. 4(1)): audit records name
 * them, need-to-know binds them. Declared in the policy, so the gateway knows no type names.
 */
export interface DataSubject {
  type: string;
  /** A well-formed id of this type; nothing else is ever stored as a subject. */
  idPattern: RegExp;
  /** `Query.field`s that open one instance by their `id` argument (checked by need-to-know). */
  openedBy: readonly string[];
  /** A list field of this type whose entries are data subjects too: data about this one concerns them all. */
  members?: string;
}

/** Where need-to-know asks which subjects a professional has an active relation with. */
export interface NeedToKnowSource {
  /** The subgraph (registry name) that answers. */
  subgraph: string;
  /** Its GET route, answering `{ "<Type>": [id, …] }` for the caller in the gateway token. */
  route: string;
  /**
   * Its GET route answering `{ "version": … }`, the version of the data behind `route`
   * (platform/dataVersion.ts): the gateway keeps an answer until that changes. Absent:
   * answers are kept for the gateway's `RELATION_CACHE_MS` only.
   */
  versionRoute?: string;
}

export interface Role {
  id: string;
  description: string;
  purposes: readonly string[];
  /** The organisation people in this role usually work for (development tokens, the sign-in page). */
  organisation?: string;
}

export interface Policy {
  version: string;
  labels: ReadonlyMap<string, string>;
  /** Labels of special categories of personal data (GDPR art. 9 and 10): publishing calls them out. */
  specialCategories: readonly string[];
  roles: ReadonlyMap<string, Role>;
  purposes: ReadonlyMap<string, Purpose>;
  dataSubjects: ReadonlyMap<string, DataSubject>;
  /** `Type.field.argument[.inputField…]` whose value names a data subject without opening it. */
  subjectArguments: readonly string[];
  needToKnow: NeedToKnowSource;
  /** The writes the API takes, by `Mutation.field`. */
  writes: ReadonlyMap<string, Write>;
  /** Rules files of fields the gateway computes (e.g. blockages.yaml), relative to the policy file. */
  computedFields: readonly string[];
}
