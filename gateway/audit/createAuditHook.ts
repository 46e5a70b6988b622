import { createHash } from 'node:crypto';
import os from 'node:os';
import { GraphQLError, print, type DocumentNode } from 'graphql';
import type { AuditField, AuditRecordInput } from '../../audit/AuditRecord';
import type { AuditStore } from '../../audit/AuditStore';
import type pino from 'pino';
import type { GatewayHooks } from '../GatewayHooks';
import { existingPolicyState } from '../policy/policyState';
import { auditOutcome } from './auditOutcome';
import { traceContext } from './traceContext';

export interface AuditHookOptions {
  store: AuditStore;
  log: pino.Logger;
  /** Names this gateway process in its records. */
  gatewayInstance?: string;
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
 * One audit record per request, durably written before the response leaves — whatever
 * the outcome: answered, redacted, refused, unauthenticated or failed. If the record
 * cannot be written, the response is replaced by `AUDIT_UNAVAILABLE` (fail closed).
 * Runs after the policy layer, whose decisions (actor, purpose, subjects, fields) it records.
 */
export function createAuditHook(options: AuditHookOptions): GatewayHooks {
  const instance = options.gatewayInstance ?? `${os.hostname()}:${process.pid}`;
  return {
    async willSendResponse({ context, result, document }) {
      const state = existingPolicyState(context);
      const errorCodes = [...new Set((result.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
      const hasData = result.data !== undefined && result.data !== null;
      const outcome = auditOutcome(errorCodes, hasData);
      // For a refusal, the ids it asked for; otherwise the ids whose data went out.
      const refused = outcome === 'FORBIDDEN' || outcome === 'UNAUTHENTICATED';
      const asked = state?.rows ?? [];
      const subjects = refused || !hasData
        ? {
            households: asked.filter((r) => r.type === 'Household' && r.id !== '').map((r) => r.id),
            persons: asked.filter((r) => r.type === 'Person' && r.id !== '').map((r) => r.id),
          }
        : { households: [...(state?.subjects.households ?? [])], persons: [...(state?.subjects.persons ?? [])] };
      const { traceId, spanId } = traceContext(context.req.headers.traceparent);
      const identity = state?.identity;
      const purpose = state?.purpose;
      const record: AuditRecordInput = {
        at: context.startedAt.toISOString(),
        traceId,
        spanId,
        actor: identity ? { sub: identity.sub, org: identity.org, role: identity.role } : null,
        purpose: purpose ? { id: purpose.id, processingActivity: purpose.processingActivity, legalBasis: purpose.legalBasis } : null,
        policyVersion: state?.policyVersion ?? null,
        operationName: state?.operation?.name?.value ?? null,
        documentHash: document ? documentHash(document) : null,
        fieldsReturned: hasData ? fields(state?.returned) : [],
        fieldsRedacted: fields(state?.redacted),
        subjects,
        outcome,
        errorCodes,
        durationMs: Number(process.hrtime.bigint() - context.startedHr) / 1e6,
        gatewayInstance: instance,
      };
      try {
        await options.store.append(record);
      } catch (err) {
        options.log.error({ requestId: context.requestId, reason: err instanceof Error ? err.name : 'unknown' }, 'audit record not written; response withheld');
        throw auditUnavailable();
      }
    },
    close: () => options.store.close(),
  };
}
