import type { IncomingMessage, ServerResponse } from 'node:http';
import { annotateRequestSpan } from '../../platform/telemetry/requestSpan';
import { auditOutcome } from '../audit/auditOutcome';
import type { GatewayContext } from '../GatewayContext';
import { existingPolicyState } from '../policy/policyState';
import type { GatewayMetrics } from './GatewayMetrics';

/**
 * For the HTTP layer's `observe`: counts each finished GraphQL request by the outcome the
 * audit log would record, its error codes and the purpose the policy resolved (a purpose
 * of the policy, never the header's raw text), and puts the outcome on its span.
 */
export function observeGatewayRequest(metrics: GatewayMetrics | undefined, contextOf: (req: IncomingMessage) => GatewayContext | undefined, graphqlPath = '/graphql') {
  return (req: IncomingMessage, res: ServerResponse, { route, seconds }: { route: string; seconds: number }): void => {
    if (route !== graphqlPath) return;
    const context = contextOf(req);
    const answered = context?.stats.outcome;
    // Refused before Apollo ran (broken JSON, an oversized body): the HTTP status is all there is.
    const codes = answered?.errorCodes ?? (res.statusCode >= 400 ? [`HTTP_${res.statusCode}`] : []);
    const outcome = auditOutcome(codes, answered?.hasData ?? false).toLowerCase();
    metrics?.request(outcome, context && existingPolicyState(context)?.purpose?.id, codes, seconds);
    annotateRequestSpan(req, { 'graphql.outcome': outcome });
  };
}
