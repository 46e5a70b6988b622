import { GraphQLError } from 'graphql';
import type { RowScope } from '../../policies/PolicyEngine';
import { GATEWAY_TOKEN_HEADER, REQUEST_ID_HEADER, signCallerToken, type CallerTokenSigner } from '../../platform/callerToken';
import type { Caller } from '../../subgraphs/kit/AgencyDefinition';
import { DATA_VERSION_HEADER, DATA_VERSION_PATTERN } from '../../platform/dataVersion';
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
   * How long one answer serves the same professional (0: ask per request, and keep
   * nothing). A relation ended in the referral index stops granting access at most this
   * much later.
   */
  cacheMs: number;
  /**
   * Follows the referral index's data version: while it confirms that nothing changed
   * since an answer was read, the answer serves longer than `cacheMs` (up to
   * `versionedCacheMs`). Absent: `cacheMs` alone.
   */
  watch?: { current(): string | null };
  versionedCacheMs?: number;
}

/** One answer: the rows, and the referral index's data version it was read at (null: unknown). */
interface ScopeAnswer {
  scope: RowScope;
  version: string | null;
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
  if (source.cacheMs <= 0) return async (caller, requestId) => (await fetchScope(caller, requestId)).scope;
  const cache = new Map<string, { answer: Promise<ScopeAnswer>; fetchedAt: number; settled: ScopeAnswer | null }>();
  const versionedMs = Math.max(source.cacheMs, source.versionedCacheMs ?? 0);
  /**
   * While the referral index's version is known, an answer serves exactly as long as it
   * was read at that version (up to `versionedMs`): a change ends it within one poll. When
   * either version is unknown (polling failed, a look-up still in flight), `cacheMs` decides.
   */
  const serves = (entry: { fetchedAt: number; settled: ScopeAnswer | null }, now: number): boolean => {
    const age = now - entry.fetchedAt;
    if (age >= versionedMs) return false;
    const current = source.watch?.current() ?? null;
    const read = entry.settled?.version ?? null;
    if (current !== null && read !== null) return current === read;
    return age < source.cacheMs;
  };
  return async (caller, requestId) => {
    const now = Date.now();
    const hit = cache.get(caller.sub);
    if (hit && serves(hit, now)) return (await hit.answer).scope;
    if (cache.size >= MAX_CACHED) cache.clear();
    // Concurrent requests of one professional share one look-up; a failure is not kept.
    const answer = fetchScope(caller, requestId);
    const entry = { answer, fetchedAt: now, settled: null as ScopeAnswer | null };
    cache.set(caller.sub, entry);
    answer.then(
      (settled) => (entry.settled = settled),
      () => {
        if (cache.get(caller.sub) === entry) cache.delete(caller.sub);
      },
    );
    return (await answer).scope;
  };
}

function createUncachedFetcher(source: RowScopeSource): (caller: Caller, requestId: string) => Promise<ScopeAnswer> {
  // A plain JSON route on the agency (e.g. subgraphs/gemeente/index.ts), not GraphQL: cheaper.
  const accessUrl = new URL(source.route, source.agencyUrl).toString();
  return async (caller, requestId) => {
    const token = await signCallerToken({ ...caller, agency: source.agency }, source.signer);
    let answer: unknown;
    let version: string | null = null;
    try {
      const response = await source.fetcher(accessUrl, {
        method: 'GET',
        headers: { [GATEWAY_TOKEN_HEADER]: token, [REQUEST_ID_HEADER]: requestId },
      });
      if (!response.ok) throw unavailable(source.agency);
      const header = response.headers.get(DATA_VERSION_HEADER);
      if (header !== null && DATA_VERSION_PATTERN.test(header)) version = header;
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
    return { scope, version };
  };
}
