import { GraphQLError } from 'graphql';
import type { RowScope } from '../../policies/PolicyEngine';
import { GATEWAY_TOKEN_HEADER, REQUEST_ID_HEADER, signCallerToken, type CallerTokenSigner } from '../../platform/callerToken';
import type { Caller } from '../../subgraphs/kit/AgencyDefinition';
import type { Fetcher } from '../keepAliveFetcher';

export interface RowScopeSource {
  /** The subgraph that answers need-to-know (policy.yaml `needToKnow`), its name and GraphQL URL. */
  agency: string;
  agencyUrl: string;
  /** Its route, e.g. `/caller-access`, answering `{ "<Type>": [id, …] }`. */
  route: string;
  /** The data-subject types the policy declares: only these are read from the answer. */
  subjectTypes: readonly string[];
  signer: CallerTokenSigner;
  timeoutMs: number;
  /** The same keep-alive HTTP client the gateway's data sources use (one socket pool per agency). */
  fetcher: Fetcher;
  /**
   * How long one answer serves the same professional (0: ask per request). A relation
   * ended in the referral index stops granting access at most this much later.
   */
  cacheMs: number;
}

const MAX_CACHED = 10_000;



function unavailable(agency: string): GraphQLError {
  return new GraphQLError(`The referral index (${agency}) did not answer, so access cannot be checked and nothing is shown. Try again later.`, {
    extensions: { code: 'AGENCY_UNAVAILABLE', agency, http: { status: 503 } },
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
  // A plain JSON route on the agency (e.g. subgraphs/gemeente/index.ts), not GraphQL: cheaper.
  const accessUrl = new URL(source.route, source.agencyUrl).toString();
  return async (caller, requestId) => {
    const token = await signCallerToken({ ...caller, agency: source.agency }, source.signer);
    let answer: unknown;
    try {
      const response = await source.fetcher(accessUrl, {
        method: 'GET',
        headers: { [GATEWAY_TOKEN_HEADER]: token, [REQUEST_ID_HEADER]: requestId },
      });
      if (!response.ok) throw unavailable(source.agency);
      answer = await response.json();
    } catch {
      throw unavailable(source.agency);
    }
    // Fail closed on any other shape: a missing type grants nothing, a wrong one refuses all.
    if (typeof answer !== 'object' || answer === null) throw unavailable(source.agency);
    const scope: Record<string, string[]> = {};
    for (const type of source.subjectTypes) {
      const ids = (answer as Record<string, unknown>)[type];
      if (ids === undefined) continue;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw unavailable(source.agency);
      scope[type] = ids as string[];
    }
    return scope;
  };
}
