import { createHash } from 'node:crypto';
import type { AccessRecord, LegacySubjects, StoredAuditRecord } from './AuditRecord';

/** `prevHash` of the first record ever written. */
export const GENESIS_HASH = '0'.repeat(64);

// In a `u` regex a surrogate pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Cs}/u;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A value that JSON cannot carry unambiguously; hashing it would not be reproducible. */
export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Cannot canonicalize ${path}: ${reason}`);
  }
}

/**
 * Deterministic JSON in the manner of RFC 8785 (JSON Canonicalization Scheme,
 * https://www.rfc-editor.org/rfc/rfc8785): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings as ECMAScript's JSON.stringify writes them (which is what
 * RFC 8785 §3.2.2 prescribes). Non-finite numbers and lone surrogates are refused, as the
 * RFC requires, rather than silently changed.
 */
export function canonicalJson(value: JsonValue, path = '$'): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a JSON number`);
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(path, 'the string holds a lone surrogate');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item, index) => canonicalJson(item, `${path}[${index}]`)).join(',')}]`;
  const keys = Object.keys(value).sort();
  const members: string[] = [];
  for (const key of keys) {
    const member = value[key];
    if (member === undefined) throw new CanonicalJsonError(`${path}.${key}`, 'undefined has no JSON form; use null');
    members.push(`${JSON.stringify(key)}:${canonicalJson(member, `${path}.${key}`)}`);
  }
  return `{${members.join(',')}}`;
}

/** Everything a stored record holds except its own hash, as JSON. */
function content(record: StoredAuditRecord): JsonValue {
  if (record.kind === 'checkpoint') {
    return {
      kind: record.kind,
      format: record.format,
      seq: record.seq,
      prevHash: record.prevHash,
      at: record.at,
      prunedCount: record.prunedCount,
      prunedThroughSeq: record.prunedThroughSeq,
      prunedLastHash: record.prunedLastHash,
      policyVersion: record.policyVersion,
    };
  }
  const fields = (list: ReadonlyArray<{ field: string; label: string }>): JsonValue => list.map((f) => ({ field: f.field, label: f.label }));
  const subjects: Record<string, JsonValue> =
    record.format === 1
      ? { subjects: { ...legacySubjects(record) } }
      : {
          subjects: record.subjects.map((s) => ({ type: s.type, id: s.id, labels: [...s.labels] })),
          malformedIds: record.malformedIds,
          supergraphVersion: record.supergraphVersion,
        };
  return {
    kind: record.kind,
    format: record.format,
    seq: record.seq,
    prevHash: record.prevHash,
    at: record.at,
    traceId: record.traceId,
    spanId: record.spanId,
    actor: record.actor ? { sub: record.actor.sub, org: record.actor.org, role: record.actor.role } : null,
    purpose: record.purpose
      ? { id: record.purpose.id, processingActivity: record.purpose.processingActivity, legalBasis: record.purpose.legalBasis }
      : null,
    policyVersion: record.policyVersion,
    operationName: record.operationName,
    documentHash: record.documentHash,
    fieldsReturned: fields(record.fieldsReturned),
    fieldsRedacted: fields(record.fieldsRedacted),
    ...subjects,
    outcome: record.outcome,
    errorCodes: [...record.errorCodes],
    durationMs: record.durationMs,
    gatewayInstance: record.gatewayInstance,
    // Format 3 hashes the break-glass justification and the review; earlier formats verify as written.
    ...(record.format >= 3
      ? {
          breakGlass: record.breakGlass ? { justification: record.breakGlass.justification } : null,
          review: record.review ? { recordSeq: record.review.recordSeq, verdict: record.review.verdict, note: record.review.note } : null,
        }
      : {}),
  };
}

/**
 * Format 1 predates declared data-subject types: it hashed two lists, households and
 * persons, which are read back as subjects of those two types (recordRow.ts).
 */
export const LEGACY_SUBJECT_TYPES = { households: 'Household', persons: 'Person' } as const;

function legacySubjects(record: AccessRecord): LegacySubjects {
  const ids = (type: string) => record.subjects.filter((s) => s.type === type).map((s) => s.id);
  return { households: ids(LEGACY_SUBJECT_TYPES.households), persons: ids(LEGACY_SUBJECT_TYPES.persons) };
}

/**
 * The exact text a record's hash covers: its content including `seq` and `prevHash`, so
 * moving, editing or re-linking a record changes the hash. Fields are listed explicitly
 * (not spread) so an extra property on the object can never slip into, or out of, a hash.
 */
export function canonicalRecord(record: StoredAuditRecord): string {
  return canonicalJson(content(record));
}

/** `hash` of a record: SHA-256 (hex) over its canonical serialization (the `hash` field itself is ignored). */
export function recordHash(record: StoredAuditRecord): string {
  return createHash('sha256').update(canonicalRecord(record), 'utf8').digest('hex');
}

const SEQ_SLOT = '"seq":0';
const PREV_HASH_SLOT = '"prevHash":""';

/**
 * The canonical text of a record whose place in the chain is not known yet (`seq` 0,
 * `prevHash` empty), for `linkedRecordHash`: a store that must hold a lock while it links
 * records (PostgreSQL's chain lock) serializes them before taking it. Each slot occurs
 * exactly once: inside a JSON string a `"` is always escaped, and no nested object has a
 * `seq` or `prevHash` key.
 */
export function unlinkedCanonicalRecord(record: AccessRecord): string {
  const text = canonicalRecord({ ...record, seq: 0, prevHash: '' });
  if (text.indexOf(SEQ_SLOT) !== text.lastIndexOf(SEQ_SLOT) || text.indexOf(PREV_HASH_SLOT) !== text.lastIndexOf(PREV_HASH_SLOT) || !text.includes(SEQ_SLOT) || !text.includes(PREV_HASH_SLOT)) {
    throw new CanonicalJsonError('$', 'the record has no single seq and prevHash slot');
  }
  return text;
}

/** `recordHash` of the record `unlinkedCanonicalRecord` was made from, once linked at `seq` after `prevHash`. */
export function linkedRecordHash(unlinked: string, seq: number, prevHash: string): string {
  const text = unlinked.replace(SEQ_SLOT, `"seq":${JSON.stringify(seq)}`).replace(PREV_HASH_SLOT, `"prevHash":${JSON.stringify(prevHash)}`);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
