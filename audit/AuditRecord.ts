/*
 * One audit record per gateway request, modelled on the Dutch draft standard
 * "Logboek Dataverwerkingen" (https://logius-standaarden.github.io/logboek-dataverwerkingen/):
 * an OpenTelemetry/W3C trace id (https://www.w3.org/TR/trace-context/), the processing
 * activity (GDPR art. 30 register), the data subjects, and no sampling. It records *that*
 * data was shown, to whom and why; never the data itself (GDPR art. 5(1)(c)).
 */

/** `BREAK_GLASS`: data disclosed without an active relation, on a justified emergency access (docs/domain.md). */
export type AuditOutcome = 'OK' | 'PARTIAL' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'ERROR' | 'BREAK_GLASS';

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['OK', 'PARTIAL', 'FORBIDDEN', 'UNAUTHENTICATED', 'ERROR', 'BREAK_GLASS'];

/** Outcomes where personal data left the gateway: what the citizen's view (GDPR art. 15) lists. */
export const DISCLOSING_OUTCOMES: readonly AuditOutcome[] = ['OK', 'PARTIAL', 'BREAK_GLASS'];

/** The bounds of a break-glass justification: long enough to say why, short enough to hold no file. */
export const BREAK_GLASS_JUSTIFICATION = { minLength: 20, maxLength: 500 } as const;

/** The bound of a review note. */
export const REVIEW_NOTE_MAX_LENGTH = 1000;

export type ReviewVerdict = 'JUSTIFIED' | 'NOT_JUSTIFIED';

export const REVIEW_VERDICTS: readonly ReviewVerdict[] = ['JUSTIFIED', 'NOT_JUSTIFIED'];

/** A privacy officer's verdict on an earlier break-glass record (the one write the API takes). */
export interface AuditReview {
  /** The seq of the break-glass record reviewed. */
  recordSeq: number;
  verdict: ReviewVerdict;
  note: string;
}

/** Outcomes where the request was refused; what `unusualAccess` counts as refused attempts. */
export const REFUSED_OUTCOMES: readonly AuditOutcome[] = ['FORBIDDEN', 'UNAUTHENTICATED'];

export interface AuditActor {
  sub: string;
  org: string;
  role: string;
}

/** The declared purpose as registered in policies/policy.yaml (a GDPR art. 30 processing activity). */
export interface AuditPurpose {
  id: string;
  processingActivity: string;
  legalBasis: string;
}

export interface AuditField {
  /** `Type.field`, e.g. `Person.debtCase`. */
  field: string;
  /** The field's data category (docs/domain.md, Labels). */
  label: string;
}

/**
 * One data subject of a request (Logboek Dataverwerkingen: one line per data subject):
 * its type and well-formed id (policy.yaml `dataSubjects`), and the labels of the data
 * returned about it. A group's own fields (a household's address) count for each member.
 */
export interface AuditSubject {
  type: string;
  id: string;
  /** Sorted; empty for a refusal (nothing returned) or when only the subject's existence was shown. */
  labels: string[];
}

/** Format 1 records (before data-subject types were declared) named two kinds of subject. */
export interface LegacySubjects {
  households: string[];
  persons: string[];
}

/** What the gateway hands the store for one request. */
export interface AuditRecordInput {
  /** ISO 8601 time the request arrived; stored normalized to UTC with milliseconds. */
  at: string;
  /** W3C trace-context trace id: 32 lowercase hex digits. */
  traceId: string;
  /** W3C trace-context span id of the gateway's span: 16 lowercase hex digits. */
  spanId: string;
  /** Null when the request was not authenticated. */
  actor: AuditActor | null;
  /** Null when no (valid) purpose was declared. */
  purpose: AuditPurpose | null;
  /** The policy version that decided (policies/policy.yaml `version`). */
  policyVersion: string | null;
  operationName: string | null;
  /** SHA-256 (hex) of the normalized GraphQL document. */
  documentHash: string | null;
  fieldsReturned: AuditField[];
  fieldsRedacted: AuditField[];
  /** Whose data was returned, with the labels about each; for a refusal, the well-formed ids asked for. */
  subjects: AuditSubject[];
  /** Ids asked for (or returned) that were not well-formed: counted, their text never kept. */
  malformedIds: number;
  /** The supergraph the request was answered under (its hash); null when none was loaded. */
  supergraphVersion: string | null;
  outcome: AuditOutcome;
  errorCodes: string[];
  durationMs: number;
  gatewayInstance: string;
  /**
   * Format 3: the justification of a break-glass access (outcome BREAK_GLASS), free text
   * the professional typed; kept here and never in an operational log. Absent means none.
   */
  breakGlass?: { justification: string } | null;
  /** Format 3: the review verdict this request recorded. Absent means none. */
  review?: AuditReview | null;
}

/**
 * The serialization format of new records; part of the hashed content. Format 2 (this
 * one): typed subjects with their labels, malformed-id count, supergraph version. Format 1
 * records stay readable and verifiable (canonicalRecord.ts).
 */
export const AUDIT_RECORD_FORMAT = 3;

/** Format 3 adds the break-glass justification and the review verdict (migrations/003). */
export type AuditRecordFormat = 1 | 2 | 3;

/** What every stored record adds: its place in the hash chain. */
export interface ChainLink {
  /** 1, 2, 3, ... without gaps; a gap means a record was removed. */
  seq: number;
  format: AuditRecordFormat;
  /** `hash` of the record with `seq - 1`; 64 zeros for the first record ever. */
  prevHash: string;
  /** SHA-256 (hex) of the canonical serialization of everything else (canonicalRecord.ts). */
  hash: string;
}

export interface AccessRecord extends AuditRecordInput, ChainLink {
  kind: 'access';
}

/**
 * Written by the retention prune: it vouches for the removed prefix, so the rest of the
 * chain still verifies from a known hash (audit/README.md, Retention).
 */
export interface CheckpointRecord extends ChainLink {
  kind: 'checkpoint';
  at: string;
  /** How many records this prune removed. */
  prunedCount: number;
  /** The last removed seq; the first remaining record has `prunedThroughSeq + 1`. */
  prunedThroughSeq: number;
  /** The hash of that last removed record: the first remaining record's `prevHash`. */
  prunedLastHash: string;
  /** The policy version whose retention periods decided. */
  policyVersion: string | null;
}

export type StoredAuditRecord = AccessRecord | CheckpointRecord;

export type AuditRecordKind = StoredAuditRecord['kind'];
