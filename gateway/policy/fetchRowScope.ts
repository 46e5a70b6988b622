import { GraphQLError } from 'graphql';
import type { RowScope } from '../../policies/PolicyEngine';
import { GATEWAY_TOKEN_HEADER, REQUEST_ID_HEADER, signCallerToken, type CallerTokenSigner } from '../../platform/callerToken';
import type { Caller } from '../../subgraphs/kit/AgencyDefinition';

export interface RowScopeSource {
  /** The gemeente subgraph, which keeps the referral index (DOMAIN.md). */
  gemeenteUrl: string;
  signer: CallerTokenSigner;
  timeoutMs: number;
}

const QUERY = '{ callerAccess { householdIds personIds } }';

interface AccessAnswer {
  data?: { callerAccess?: { householdIds: string[]; personIds: string[] } };
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
  return async (caller, requestId) => {
    const token = await signCallerToken({ ...caller, agency: 'gemeente' }, source.signer);
    let answer: AccessAnswer;
    try {
      const response = await fetch(source.gemeenteUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [GATEWAY_TOKEN_HEADER]: token, [REQUEST_ID_HEADER]: requestId },
        body: JSON.stringify({ query: QUERY }),
        signal: AbortSignal.timeout(source.timeoutMs),
      });
      if (!response.ok) throw unavailable();
      answer = (await response.json()) as AccessAnswer;
    } catch {
      throw unavailable();
    }
    const access = answer.data?.callerAccess;
    if (!access) throw unavailable();
    return { householdIds: access.householdIds, personIds: access.personIds };
  };
}
