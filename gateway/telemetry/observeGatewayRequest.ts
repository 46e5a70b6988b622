import type { IncomingMessage, ServerResponse } from 'node:http';
import { annotateRequestSpan } from '../../platform/telemetry/requestSpan';
import { auditOutcome } from '../audit/auditOutcome';
import type { GatewayContext, RequestStats } from '../GatewayContext';
import type { GatewayHooks } from '../GatewayHooks';
import { existingPolicyState } from '../policy/policyState';
import type { GatewayMetrics } from './GatewayMetrics';

export interface GatewayRequestObserver {
  /** Runs after the policy layer: notes the purpose it resolved for the request. */
  hooks: GatewayHooks;
  /** For the HTTP layer's `observe`. */
  observe(req: IncomingMessage, res: ServerResponse, finished: { route: string; seconds: number }): void;
}

/**
 * Counts each finished GraphQL request by the outcome the audit log would record, its
 * error codes and the purpose the policy resolved (a purpose of the policy, never the
 * header's raw text), and puts the outcome on its span.
 */
export function observeGatewayRequest(metrics: GatewayMetrics | undefined, contextOf: (req: IncomingMessage) => GatewayContext | undefined, graphqlPath = '/graphql'): GatewayRequestObserver {
  // Keyed by the request's stats: Apollo hands the hooks a copy of the context, the stats object is shared.
  const purposes = new WeakMap<RequestStats, string>();
  return {
    hooks: {
      willSendResponse({ context }) {
        const purpose = existingPolicyState(context)?.purpose?.id;
        if (purpose) purposes.set(context.stats, purpose);
      },
    },
    observe(req, res, { route, seconds }) {
      if (route !== graphqlPath) return;
      const stats = contextOf(req)?.stats;
      const answered = stats?.outcome;
      // Refused before Apollo ran (broken JSON, an oversized body): the HTTP status is all there is.
      const codes = answered?.errorCodes ?? (res.statusCode >= 400 ? [`HTTP_${res.statusCode}`] : []);
      const outcome = auditOutcome(codes, answered?.hasData ?? false).toLowerCase();
      metrics?.request(outcome, stats && purposes.get(stats), codes, seconds);
      annotateRequestSpan(req, { 'graphql.outcome': outcome });
    },
  };
}
