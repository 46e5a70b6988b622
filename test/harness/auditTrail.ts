import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse, print } from 'graphql';
import YAML from 'yaml';
import { headersFor, type TestCaller } from './callers';
import { graphqlRequest, type GraphQLAnswer } from './graphqlRequest';
import type { RecordRow } from '../../audit/recordRow';
import { SqliteAuditReader } from '../../audit/SqliteAuditReader';

/*
 * Helpers for the system-level audit tests (test/auditTrail/): send a request with a
 * trace id of our own, then read its record straight from the SQLite file, read-only,
 * the way an auditor with a copy of the file would. Nothing here asks the store.
 */

/** A record as it lies in `audit_records`, with the JSON columns parsed. */
export interface TrailRecord {
  seq: number;
  kind: string;
  at: string;
  traceId: string | null;
  spanId: string | null;
  actor: { sub: string | null; org: string | null; role: string | null } | null;
  purpose: { id: string; processingActivity: string | null; legalBasis: string | null } | null;
  policyVersion: string | null;
  operationName: string | null;
  documentHash: string | null;
  fieldsReturned: Array<{ field: string; label: string }>;
  fieldsRedacted: Array<{ field: string; label: string }>;
  /** The demo domain's two subject types, as id lists (from the typed subjects). */
  subjects: { households: string[]; persons: string[] };
  /** The typed subjects as stored, each with the labels returned about it. */
  subjectDetails: Array<{ type: string; id: string; labels: string[] }>;
  malformedIds: number | null;
  supergraphVersion: string | null;
  outcome: string | null;
  errorCodes: string[];
  durationMs: number | null;
  gatewayInstance: string | null;
  /** The whole row as JSON text: to prove no response value was written anywhere in it. */
  raw: string;
}

/** The columns read here: the stored row, as the store writes it (audit/recordRow.ts). */
type Row = Omit<RecordRow, 'format' | 'pruned_count' | 'pruned_through_seq' | 'pruned_last_hash'>;

const json = <T>(text: string | null, fallback: T): T => (text === null ? fallback : (JSON.parse(text) as T));

function subjectLists(subjects: Array<{ type: string; id: string }>): { households: string[]; persons: string[] } {
  const ids = (type: string) => subjects.filter((s) => s.type === type).map((s) => s.id);
  return { households: ids('Household'), persons: ids('Person') };
}

function toRecord(row: Row): TrailRecord {
  return {
    seq: row.seq,
    kind: row.kind,
    at: row.at,
    traceId: row.trace_id,
    spanId: row.span_id,
    actor: row.actor_sub === null && row.actor_org === null && row.actor_role === null ? null : { sub: row.actor_sub, org: row.actor_org, role: row.actor_role },
    purpose: row.purpose_id === null ? null : { id: row.purpose_id, processingActivity: row.purpose_activity, legalBasis: row.purpose_legal_basis },
    policyVersion: row.policy_version,
    operationName: row.operation_name,
    documentHash: row.document_hash,
    fieldsReturned: json(row.fields_returned, []),
    fieldsRedacted: json(row.fields_redacted, []),
    subjects: subjectLists(json(row.subjects, [])),
    subjectDetails: json(row.subjects, []),
    malformedIds: row.malformed_ids,
    supergraphVersion: row.supergraph_version,
    outcome: row.outcome,
    errorCodes: json(row.error_codes, []),
    durationMs: row.duration_ms,
    gatewayInstance: row.gateway_instance,
    raw: JSON.stringify(row),
  };
}

/** Runs `read` on a read-only connection to the audit file and closes it. */
export function withAuditFile<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every record in seq order. */
export function readTrail(file: string): TrailRecord[] {
  return withAuditFile(file, (db) => (db.prepare('SELECT * FROM audit_records ORDER BY seq').all() as Row[]).map(toRecord));
}

export function recordCount(file: string): number {
  return withAuditFile(file, (db) => (db.prepare('SELECT count(*) AS n FROM audit_records').get() as { n: number }).n);
}

export function maxSeq(file: string): number {
  return withAuditFile(file, (db) => (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM audit_records').get() as { n: number }).n);
}

/** The records carrying this trace id (a test sends each request with a trace id of its own). */
export function recordsFor(file: string, traceId: string): TrailRecord[] {
  return withAuditFile(file, (db) => (db.prepare('SELECT * FROM audit_records WHERE trace_id = ? ORDER BY seq').all(traceId) as Row[]).map(toRecord));
}

/** The one record of a request; fails the test when there is none or more than one. */
export function recordFor(file: string, traceId: string): TrailRecord {
  const records = recordsFor(file, traceId);
  if (records.length !== 1) throw new Error(`expected exactly one audit record with trace id ${traceId}, found ${records.length}`);
  return records[0]!;
}

/** A fresh W3C trace context: the trace id the record must carry, and the header that sends it. */
export function newTrace(): { traceId: string; parentSpanId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  const parentSpanId = randomBytes(8).toString('hex');
  return { traceId, parentSpanId, traceparent: `00-${traceId}-${parentSpanId}-01` };
}

/** SHA-256 of graphql-js's print of the parsed query: the "normalized document" of issue 4. */
export function normalizedDocumentHash(query: string): string {
  return createHash('sha256').update(print(parse(query))).digest('hex');
}

/** The policy version in force (policies/policy.yaml): every record must name it. */
export function policyVersionInForce(): string {
  const file = path.resolve(__dirname, '..', '..', 'policies', 'policy.yaml');
  return String((YAML.parse(fs.readFileSync(file, 'utf8')) as { version: unknown }).version);
}

export interface TracedAnswer extends GraphQLAnswer {
  traceId: string;
}

/**
 * One request to the gateway as `caller` (null: no Authorization header), with a fresh
 * traceparent; `headers` are added last, so a test can replace the token or the purpose.
 */
export async function askTraced(
  url: string,
  caller: TestCaller | null,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<TracedAnswer> {
  const trace = newTrace();
  const headers = { ...(caller ? await headersFor(caller) : {}), traceparent: trace.traceparent, ...options.headers };
  const answer = await graphqlRequest(url, query, { variables: options.variables, headers });
  return { ...answer, traceId: trace.traceId };
}

/**
 * Every string and number in a response's `data`, except household and person ids (which
 * the record must carry as subjects): none of them may appear in an audit record.
 */
export function responseValues(data: unknown): Array<string | number> {
  const values = new Set<string | number>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
    else if (typeof value === 'string' && !/^[HP]-\d{4}$/.test(value) && value.length >= 3) values.add(value);
    else if (typeof value === 'number' && Math.abs(value) >= 10) values.add(value);
  };
  walk(data);
  return [...values];
}

/** Which of `values` occur in `text` (numbers only as whole numbers, not inside another). */
export function valuesIn(text: string, values: ReadonlyArray<string | number>): Array<string | number> {
  return values.filter((value) =>
    typeof value === 'number' ? new RegExp(`(?<![\\d.])${String(value).replace('.', '\\.')}(?![\\d])`).test(text) : text.includes(value),
  );
}

/** The audit file's chain verifies end to end (read-only connection, the store's own walker). */
export async function expectChainVerifies(file: string): Promise<void> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    expect(await new SqliteAuditReader(db).verifyChain()).toMatchObject({ verified: true });
  } finally {
    db.close();
  }
}
