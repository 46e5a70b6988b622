import { AUDIT_OUTCOMES, BREAK_GLASS_JUSTIFICATION, REVIEW_NOTE_MAX_LENGTH, REVIEW_VERDICTS, type AuditField, type AuditRecordInput, type AuditReview, type AuditSubject } from './AuditRecord';
import { AuditRecordError } from './AuditRecordError';

// W3C trace-context: https://www.w3.org/TR/trace-context/#trace-id (all zeros is invalid).
const TRACE_ID = /^(?!0{32}$)[0-9a-f]{32}$/;
const SPAN_ID = /^(?!0{16}$)[0-9a-f]{16}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const FIELD_NAME = /^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/;
const TYPE_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** A GraphQL operation name, bounded (gateway/audit/operationNameRule.ts): a name, never free text. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
/** Subject ids are checked against the policy's patterns by the gateway; here only their shape: no spaces, no free text. */
const SUBJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const LABEL = /^[a-z][a-z0-9-]{0,63}$/;

function fail(field: string, reason: string): never {
  throw new AuditRecordError(field, reason);
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(field, 'must be a non-empty string');
  return value;
}

function nullableText(value: unknown, field: string): string | null {
  return value === null ? null : text(value, field);
}

function textList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) fail(field, 'must be a list of strings');
  return value.map((item: unknown, index) => text(item, `${field}[${index}]`));
}

/** Sorted, without duplicates: the order the gateway happened to see things in means nothing. */
function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function operationName(value: unknown): string | null {
  const name = nullableText(value, 'operationName');
  if (name !== null && !OPERATION_NAME.test(name)) fail('operationName', 'must be a GraphQL name of at most 64 characters');
  return name;
}

/** Sorted by type and id, one entry per subject, labels sorted and de-duplicated. */
function subjectList(value: unknown): AuditSubject[] {
  if (!Array.isArray(value)) fail('subjects', 'must be a list of { type, id, labels }');
  const byKey = new Map<string, AuditSubject>();
  value.forEach((item: unknown, index) => {
    const at = `subjects[${index}]`;
    if (typeof item !== 'object' || item === null) fail(at, 'must be { type, id, labels }');
    const { type, id, labels } = item as { type?: unknown; id?: unknown; labels?: unknown };
    const typeName = text(type, `${at}.type`);
    if (!TYPE_NAME.test(typeName)) fail(`${at}.type`, 'must be a GraphQL type name');
    const subjectId = text(id, `${at}.id`);
    if (!SUBJECT_ID.test(subjectId)) fail(`${at}.id`, 'must be a well-formed id (letters, digits, - _ . :), never free text');
    const labelList = textList(labels, `${at}.labels`);
    labelList.forEach((label, i) => {
      if (!LABEL.test(label)) fail(`${at}.labels[${i}]`, 'must be a label name');
    });
    const key = `${typeName}:${subjectId}`;
    const known = byKey.get(key);
    byKey.set(key, { type: typeName, id: subjectId, labels: uniqueSorted([...(known?.labels ?? []), ...labelList]) });
  });
  return [...byKey.values()].sort((a, b) => (a.type === b.type ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.type < b.type ? -1 : 1));
}

function fieldList(value: unknown, name: string): AuditField[] {
  if (!Array.isArray(value)) fail(name, 'must be a list of { field, label }');
  const byField = new Map<string, string>();
  value.forEach((item: unknown, index) => {
    const at = `${name}[${index}]`;
    if (typeof item !== 'object' || item === null) fail(at, 'must be { field, label }');
    const { field, label } = item as { field?: unknown; label?: unknown };
    const fieldName = text(field, `${at}.field`);
    if (!FIELD_NAME.test(fieldName)) fail(`${at}.field`, `must be "Type.field", got "${fieldName}"`);
    const labelName = text(label, `${at}.label`);
    const known = byField.get(fieldName);
    if (known !== undefined && known !== labelName) fail(`${at}.label`, `contradicts an earlier label "${known}" for ${fieldName}`);
    byField.set(fieldName, labelName);
  });
  return [...byField.keys()].sort().map((field) => ({ field, label: byField.get(field)! }));
}

// Free text a person typed: bounded, one line of printable characters (no control characters).
const CONTROL = /[\u0000-\u001f\u007f]/;

function freeText(value: unknown, field: string, minLength: number, maxLength: number): string {
  const raw = text(value, field).trim();
  if (raw.length < minLength || raw.length > maxLength) fail(field, `must be ${minLength} to ${maxLength} characters`);
  if (CONTROL.test(raw)) fail(field, 'must not hold control characters');
  return raw;
}

function breakGlassOf(value: AuditRecordInput['breakGlass'], outcome: string): { justification: string } | null {
  if (value === undefined || value === null) {
    if (outcome === 'BREAK_GLASS') fail('breakGlass', 'a BREAK_GLASS record needs its justification');
    return null;
  }
  return { justification: freeText(value.justification, 'breakGlass.justification', BREAK_GLASS_JUSTIFICATION.minLength, BREAK_GLASS_JUSTIFICATION.maxLength) };
}

function reviewOf(value: AuditRecordInput['review']): AuditReview | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value.recordSeq) || value.recordSeq < 1) fail('review.recordSeq', 'must be the seq of a record, at least 1');
  if (!REVIEW_VERDICTS.includes(value.verdict)) fail('review.verdict', `must be one of ${REVIEW_VERDICTS.join(', ')}`);
  return { recordSeq: value.recordSeq, verdict: value.verdict, note: freeText(value.note, 'review.note', 1, REVIEW_NOTE_MAX_LENGTH) };
}

/** An ISO 8601 instant as UTC with milliseconds, so stored times sort as text. */
export function normalizeInstant(value: unknown, field: string): string {
  const raw = text(value, field);
  if (!ISO_TIME.test(raw)) fail(field, `must be an ISO 8601 time with a zone, e.g. 2026-11-25T09:30:00Z; got "${raw}"`);
  const millis = Date.parse(raw);
  if (Number.isNaN(millis)) fail(field, `is not a valid time: "${raw}"`);
  // Date.parse rolls 2026-02-30 over into March; refuse instead of recording the wrong day.
  const [year, month, day] = raw.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) fail(field, `has no such date: "${raw}"`);
  return new Date(millis).toISOString();
}

/**
 * Checks a record from the gateway and brings it into the one form that is hashed:
 * time in UTC, lists sorted and de-duplicated. Throws `AuditRecordError` naming the field.
 */
export function normalizeAuditInput(input: AuditRecordInput): AuditRecordInput {
  if (typeof input !== 'object' || input === null) fail('(record)', 'must be an object');
  const traceId = text(input.traceId, 'traceId');
  if (!TRACE_ID.test(traceId)) fail('traceId', 'must be 32 lowercase hex digits, not all zero (W3C trace-context)');
  const spanId = text(input.spanId, 'spanId');
  if (!SPAN_ID.test(spanId)) fail('spanId', 'must be 16 lowercase hex digits, not all zero (W3C trace-context)');

  let actor = null;
  if (input.actor !== null) {
    if (typeof input.actor !== 'object') fail('actor', 'must be { sub, org, role } or null');
    actor = { sub: text(input.actor.sub, 'actor.sub'), org: text(input.actor.org, 'actor.org'), role: text(input.actor.role, 'actor.role') };
  }
  let purpose = null;
  if (input.purpose !== null) {
    if (typeof input.purpose !== 'object') fail('purpose', 'must be { id, processingActivity, legalBasis } or null');
    purpose = {
      id: text(input.purpose.id, 'purpose.id'),
      processingActivity: text(input.purpose.processingActivity, 'purpose.processingActivity'),
      legalBasis: text(input.purpose.legalBasis, 'purpose.legalBasis'),
    };
  }
  const documentHash = nullableText(input.documentHash, 'documentHash');
  if (documentHash !== null && !SHA256_HEX.test(documentHash)) fail('documentHash', 'must be a SHA-256 in lowercase hex');
  if (!AUDIT_OUTCOMES.includes(input.outcome)) fail('outcome', `must be one of ${AUDIT_OUTCOMES.join(', ')}`);
  if (!Number.isInteger(input.malformedIds) || input.malformedIds < 0) fail('malformedIds', 'must be a whole number, at least 0');
  if (typeof input.durationMs !== 'number' || !Number.isFinite(input.durationMs) || input.durationMs < 0) {
    fail('durationMs', 'must be a finite number of milliseconds, at least 0');
  }

  return {
    at: normalizeInstant(input.at, 'at'),
    traceId,
    spanId,
    actor,
    purpose,
    policyVersion: nullableText(input.policyVersion, 'policyVersion'),
    operationName: operationName(input.operationName),
    documentHash,
    fieldsReturned: fieldList(input.fieldsReturned, 'fieldsReturned'),
    fieldsRedacted: fieldList(input.fieldsRedacted, 'fieldsRedacted'),
    subjects: subjectList(input.subjects),
    malformedIds: input.malformedIds,
    supergraphVersion: nullableText(input.supergraphVersion, 'supergraphVersion'),
    outcome: input.outcome,
    errorCodes: uniqueSorted(textList(input.errorCodes, 'errorCodes')),
    durationMs: input.durationMs,
    gatewayInstance: text(input.gatewayInstance, 'gatewayInstance'),
    breakGlass: breakGlassOf(input.breakGlass, input.outcome),
    review: reviewOf(input.review),
  };
}
