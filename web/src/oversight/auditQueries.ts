/** The privacy officer's questions to the audit subgraph (subgraphs/audit/schema.graphql), purpose toezicht. */

export const OVERSIGHT_PURPOSE = 'toezicht';

const RECORD_FIELDS = `seq at traceId spanId actor { sub org role } purpose processingActivity legalBasis policyVersion operationName
  documentHash outcome errorCodes subjects fieldsReturned fieldsRedacted returned { field label } redacted { field label } durationMs gatewayInstance
  breakGlassJustification review { recordSeq verdict note }`;

export const ACCESS_LOG = `query Toegangslogboek($filter: AccessLogFilter, $first: Int, $after: String) {
  accessLog(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${RECORD_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const AUDIT_CHAIN = `query Ketencontrole { auditChain { verified records firstBrokenSeq reason lastSeq lastHash } }`;

export const UNUSUAL_ACCESS = `query OpvallendeToegang {
  unusualAccess { kind actor { sub org role } counts { requests forbidden unauthenticated distinctHouseholds windowMinutes outsideOfficeHours nonWorkingDay threshold } firstAt lastAt explanation recordSeq justification review { verdict note } }
}`;

/** The privacy officer's verdict on an emergency access: the one write the API takes. */
export const REVIEW_BREAK_GLASS = `mutation OordeelSpoedtoegang($seq: Int!, $verdict: ReviewVerdict!, $note: String!) {
  reviewBreakGlass(recordSeq: $seq, verdict: $verdict, note: $note) { recordSeq verdict note }
}`;

/** The longest note the audit subgraph takes (audit/AuditRecord.ts). */
export const REVIEW_NOTE_MAX_LENGTH = 1000;

type Maybe<T> = T | null;

export interface ReviewAnswer {
  reviewBreakGlass: Maybe<{ recordSeq: Maybe<number>; verdict: Maybe<string>; note: Maybe<string> }>;
}

export interface AuditField {
  field: Maybe<string>;
  label: Maybe<string>;
}

export interface AuditRecord {
  seq: Maybe<number>;
  at: Maybe<string>;
  traceId: Maybe<string>;
  spanId: Maybe<string>;
  actor: Maybe<{ sub: Maybe<string>; org: Maybe<string>; role: Maybe<string> }>;
  purpose: Maybe<string>;
  processingActivity: Maybe<string>;
  legalBasis: Maybe<string>;
  policyVersion: Maybe<string>;
  operationName: Maybe<string>;
  documentHash: Maybe<string>;
  outcome: Maybe<string>;
  errorCodes: Maybe<string[]>;
  subjects: Maybe<string[]>;
  fieldsReturned: Maybe<string[]>;
  fieldsRedacted: Maybe<string[]>;
  returned: Maybe<AuditField[]>;
  redacted: Maybe<AuditField[]>;
  durationMs: Maybe<number>;
  gatewayInstance: Maybe<string>;
  /** Outcome BREAK_GLASS: the professional's reason. */
  breakGlassJustification: Maybe<string>;
  /** A privacy officer's review: the verdict this request recorded. */
  review: Maybe<{ recordSeq: Maybe<number>; verdict: Maybe<string>; note: Maybe<string> }>;
}

export interface AccessLogPage {
  accessLog: Maybe<{ edges: Maybe<Array<{ cursor: string; node: Maybe<AuditRecord> }>>; pageInfo: { hasNextPage: boolean; endCursor: Maybe<string> } }>;
}

export interface AuditChainAnswer {
  auditChain: Maybe<{ verified: boolean; records: number; firstBrokenSeq: Maybe<number>; reason: Maybe<string>; lastSeq: Maybe<number>; lastHash: Maybe<string> }>;
}

export interface UnusualAccessAnswer {
  unusualAccess: Maybe<
    Array<{
      kind: Maybe<string>;
      actor: Maybe<{ sub: Maybe<string>; org: Maybe<string>; role: Maybe<string> }>;
      counts: Maybe<Record<string, number | null>>;
      firstAt: Maybe<string>;
      lastAt: Maybe<string>;
      explanation: Maybe<string>;
      recordSeq?: Maybe<number>;
      justification?: Maybe<string>;
      review?: Maybe<{ verdict: Maybe<string>; note: Maybe<string> }>;
    }>
  >;
}

/** The filter as the form holds it; empty strings are "no condition". */
export interface AccessLogFilterInput {
  subjectId: string;
  actorSub: string;
  org: string;
  purpose: string;
  outcome: string;
  /** yyyy-mm-dd, from the start of that day. */
  from: string;
  /** yyyy-mm-dd, up to and including that day. */
  until: string;
}

export const EMPTY_FILTER: AccessLogFilterInput = { subjectId: '', actorSub: '', org: '', purpose: '', outcome: '', from: '', until: '' };

function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** The form's filter as the API's `AccessLogFilter` (dates as Europe/Amsterdam days are close enough to UTC days here). */
export function toApiFilter(filter: AccessLogFilterInput): Record<string, string> {
  const api: Record<string, string> = {};
  for (const key of ['subjectId', 'actorSub', 'org', 'purpose', 'outcome'] as const) if (filter[key].trim()) api[key] = filter[key].trim();
  if (filter.from) api.from = filter.from;
  if (filter.until) api.to = nextDay(filter.until);
  return api;
}
