import { GraphQLError } from 'graphql';
import type { RowScope } from '../../policies/PolicyEngine';
import { GATEWAY_TOKEN_HEADER, REQUEST_ID_HEADER, signCallerToken, type CallerTokenSigner } from '../../platform/callerToken';
import type { Caller } from '../../subgraphs/kit/AgencyDefinition';
import type { Fetcher } from '../keepAliveFetcher';

export interface RowScopeSource {
  /** The gemeente subgraph, which keeps the referral index (DOMAIN.md). */
  gemeenteUrl: string;
  signer: CallerTokenSigner;
  timeoutMs: number;
  /** The same keep-alive HTTP client the gateway's data sources use (one socket pool for gemeente). */
  fetcher: Fetcher;
  /**
   * How long one answer serves the same professional (0: ask per request). A relation
   * ended in the referral index stops granting access at most this much later.
   */
  cacheMs: number;
}

const MAX_CACHED = 10_000;



interface AccessAnswer {
  householdIds?: string[];
  personIds?: string[];
}

function unavailable(): GraphQLError {
  return new GraphQLError('The referral index (gemeente) did not answer, so access cannot be checked and nothing is shown. Try again later.', {
    extensions: { code: 'AGENCY_UNAVAILABLE', agency: 'gemeente', http: { status: 503 } },
  });
}

/**
 * One look-up per request: every household and person the caller has an active relation
 * with, from the referral index. Fails closed: no answer, no data.
 */
export function createRowScopeFetcher(source: RowScopeSource): (caller: Caller, requestId: string) => Promise<RowScope> {
  const fetchScope = createUncachedFetcher(source);
  if (source.cacheMs <= 0) return fetchScope;
  const cache = new Map<string, { scope: Promise<RowScope>; untilMs: number }>();
  return (caller, requestId) => {
    const now = Date.now();
    const hit = cache.get(caller.sub);
    if (hit && hit.untilMs > now) return hit.scope;
    if (cache.size >= MAX_CACHED) cache.clear();
    // Concurrent requests of one professional share one look-up; a failure is not kept.
    const scope = fetchScope(caller, requestId);
    cache.set(caller.sub, { scope, untilMs: now + source.cacheMs });
    scope.catch(() => cache.delete(caller.sub));
    return scope;
  };
}

function createUncachedFetcher(source: RowScopeSource): (caller: Caller, requestId: string) => Promise<RowScope> {
  // gemeente answers this plain JSON route (subgraphs/gemeente/index.ts), not GraphQL: cheaper.
  const accessUrl = new URL('/caller-access', source.gemeenteUrl).toString();
  return async (caller, requestId) => {
    const token = await signCallerToken({ ...caller, agency: 'gemeente' }, source.signer);
    let answer: AccessAnswer;
    try {
      const response = await source.fetcher(accessUrl, {
        method: 'GET',
        headers: { [GATEWAY_TOKEN_HEADER]: token, [REQUEST_ID_HEADER]: requestId },
      });
      if (!response.ok) throw unavailable();
      answer = (await response.json()) as AccessAnswer;
    } catch {
      throw unavailable();
    }
    if (!Array.isArray(answer.householdIds) || !Array.isArray(answer.personIds)) throw unavailable();
    return { householdIds: answer.householdIds, personIds: answer.personIds };
  };
}
