import { createHash } from 'node:crypto';
import os from 'node:os';
import { GraphQLError, print, type DocumentNode } from 'graphql';
import type { AuditField, AuditRecordInput, AuditReview, AuditSubject } from '../../audit/AuditRecord';
import type { AuditStore } from '../../audit/AuditStore';
import type pino from 'pino';
import type { IncomingMessage } from 'node:http';
import type { Identity } from '../auth/Identity';
import type { Purpose } from '../../policies/Policy';
import type { GatewayHooks } from '../GatewayHooks';
import { existingPolicyState, type PolicyState } from '../policy/policyState';
import type { GatewayContext } from '../GatewayContext';
import { auditOutcome } from './auditOutcome';
import { traceContext } from './traceContext';
import { requestSpanContext } from '../../platform/telemetry/requestSpan';

export interface AuditHookOptions {
  store: AuditStore;
  log: pino.Logger;
  /** Names this gateway process in its records. */
  gatewayInstance?: string;
  /** The version (hash) of the supergraph in force, named in every record. */
  supergraphVersion: () => string | null;
  /** Who called, for a request refused before the policy layer looked (parse errors, limits). */
  describeCaller?: (req: IncomingMessage) => Promise<{ identity?: Identity; purpose?: Purpose }>;
}

const documentHashes = new WeakMap<DocumentNode, string>();

/** SHA-256 of the printed (normalized) document: the same query hashes the same however it was spaced. */
function documentHash(document: DocumentNode): string {
  let hash = documentHashes.get(document);
  if (!hash) {
    hash = createHash('sha256').update(print(document)).digest('hex');
    documentHashes.set(document, hash);
  }
  return hash;
}

const fields = (map: ReadonlyMap<string, string> | undefined): AuditField[] =>
  [...(map ?? new Map<string, string>())].map(([field, label]) => ({ field, label }));

/** No data without a record (FSC logging): the client gets this error and nothing else. */
function auditUnavailable(): GraphQLError {
  return new GraphQLError('This access could not be recorded, so nothing is shown. Try again shortly; if it persists, tell the service desk.', {
    extensions: { code: 'AUDIT_UNAVAILABLE', http: { status: 503 } },
  });
}

/**
 * The review verdict a declared write recorded (policy.yaml `writes`, `records: review`):
 * only when the write was answered without errors, so a refused review records none.
 */
function reviewOf(state: PolicyState | undefined, result: { data?: Record<string, unknown> | null; errors?: readonly unknown[] }): AuditReview | null {
  const write = state?.write;
  if (!write || write.records !== 'review' || (result.errors?.length ?? 0) > 0 || !result.data?.[write.responseKey]) return null;
  const { recordSeq, verdict, note } = write.args;
  return { recordSeq: recordSeq as number, verdict: verdict as AuditReview['verdict'], note: note as string };
}

export interface AuditLog {
  /** After the policy layer: records each GraphQL request before its response leaves. */
  hooks: GatewayHooks;
  /**
   * For the HTTP layer (`beforeAnswer`): records a request that never reached the hooks
   * (broken JSON, an oversized body, a request Apollo refused unparsed), so that no
   * request goes unrecorded.
   */
  beforeAnswer(answer: { req?: IncomingMessage; status: number; errorCodes: string[]; context?: GatewayContext }): Promise<void>;
}

/**
 * One audit record per request, durably written before the response leaves — whatever
 * the outcome: answered, redacted, refused, unauthenticated or failed. If the record
 * cannot be written, the response is replaced by `AUDIT_UNAVAILABLE` (fail closed).
 * Runs after the policy layer, whose decisions (actor, purpose, subjects, fields) it records.
 */
export function createAuditLog(options: AuditHookOptions): AuditLog {
  const instance = options.gatewayInstance ?? `${os.hostname()}:${process.pid}`;

  const write = async (record: AuditRecordInput, requestId: string): Promise<void> => {
    try {
      await options.store.append(record);
    } catch (err) {
      options.log.error({ requestId, reason: err instanceof Error ? err.name : 'unknown' }, 'audit record not written; response withheld');
      throw auditUnavailable();
    }
  };

  // The policy layer already identified the caller if it ran (whatever it found); only a
  // request refused before it (a parse error, a limit) needs the token read here.
  const callerOf = async (req: IncomingMessage, state: PolicyState | undefined) =>
    state ?? (await options.describeCaller?.(req)) ?? {};

  const base = (req: IncomingMessage | undefined, known: { identity?: Identity; purpose?: Purpose }, startedAt: Date, startedHr: bigint) => {
    const { traceId, spanId } = traceContext(req?.headers.traceparent, requestSpanContext(req));
    const { identity, purpose } = known;
    return {
      at: startedAt.toISOString(),
      traceId,
      spanId,
      actor: identity ? { sub: identity.sub, org: identity.org, role: identity.role } : null,
      purpose: purpose ? { id: purpose.id, processingActivity: purpose.processingActivity, legalBasis: purpose.legalBasis } : null,
      durationMs: Number(process.hrtime.bigint() - startedHr) / 1e6,
      gatewayInstance: instance,
    };
  };

  const hooks: GatewayHooks = {
    async willSendResponse({ context, result, document }) {
      context.stats.audited = true;
      const state = existingPolicyState(context);
      const errorCodes = [...new Set((result.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
      const hasData = result.data !== undefined && result.data !== null;
      const answered = auditOutcome(errorCodes, hasData, state?.returned.size ?? 0);
      // Data disclosed by breaking the glass is recorded as such, whatever else the answer held.
      const outcome = state?.breakGlass && (answered === 'OK' || answered === 'PARTIAL') ? 'BREAK_GLASS' : answered;
      // For a refusal, the well-formed ids it asked for; otherwise whose data went out, with
      // the labels about each. Only well-formed ids: never caller-chosen text (policy.yaml).
      const refused = outcome === 'FORBIDDEN' || outcome === 'UNAUTHENTICATED';
      const subjects: AuditSubject[] = refused || !hasData
        ? (state?.asked ?? []).map((s) => ({ type: s.type, id: s.id, labels: [] }))
        : [...(state?.subjects.values() ?? [])].map((s) => ({ type: s.type, id: s.id, labels: [...s.labels] }));
      const malformedIds = (state?.malformedAsked ?? 0) + (refused || !hasData ? 0 : (state?.malformedReturned ?? 0));
      const record: AuditRecordInput = {
        ...base(context.req, await callerOf(context.req, state), context.startedAt, context.startedHr),
        policyVersion: state?.policyVersion ?? null,
        operationName: state?.operation?.name?.value ?? null,
        documentHash: document ? documentHash(document) : null,
        fieldsReturned: hasData ? fields(state?.returned) : [],
        fieldsRedacted: fields(state?.redacted),
        subjects,
        malformedIds,
        supergraphVersion: options.supergraphVersion(),
        outcome,
        errorCodes,
        breakGlass: state?.breakGlass ?? null,
        review: reviewOf(state, result),
      };
      await write(record, context.requestId);
    },
    close: () => options.store.close(),
  };

  return {
    hooks,
    async beforeAnswer({ req, status, errorCodes, context }) {
      if (context?.stats.audited) return;
      const codes = [...new Set(errorCodes.length > 0 ? errorCodes : status >= 400 ? ['BAD_REQUEST'] : [])];
      const startedAt = context?.startedAt ?? new Date();
      const record: AuditRecordInput = {
        // No request at all when the HTTP parser refused it (oversized headers): nobody to name.
        ...base(req, req ? await callerOf(req, undefined) : {}, startedAt, context?.startedHr ?? process.hrtime.bigint()),
        policyVersion: null,
        operationName: null,
        documentHash: null,
        fieldsReturned: [],
        fieldsRedacted: [],
        subjects: [],
        malformedIds: 0,
        supergraphVersion: options.supergraphVersion(),
        outcome: auditOutcome(codes, false),
        errorCodes: codes,
      };
      await write(record, context?.requestId ?? 'unknown');
    },
  };
}
