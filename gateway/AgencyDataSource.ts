import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type pino from 'pino';
import type { GatewayContext } from './GatewayContext';
import type { GatewayHooks } from './GatewayHooks';
import { agencyUnavailableError } from './agencyUnavailableError';
import { FetchNetworkError, FetchTimeoutError, type FetcherResponse, type KeepAliveFetcher } from './keepAliveFetcher';

export interface AgencyDataSourceOptions {
  agency: string;
  url: string;
  fetcher: KeepAliveFetcher;
  hooks: readonly GatewayHooks[];
  log: pino.Logger;
}

type SubgraphResponse = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

/** Why a subgraph call failed, for the operational log (no bodies, no personal data). */
function failureReason(error: Error, response: FetcherResponse | undefined): string {
  if (error instanceof FetchTimeoutError) return 'timeout';
  if (error instanceof FetchNetworkError) return error.code ?? 'network';
  if (response && !response.ok) return `status ${response.status}`;
  return 'not a GraphQL JSON response';
}

/**
 * The gateway's connection to one agency's subgraph. Any way the agency can fail to
 * answer (refused, reset, timeout, 5xx, a body that is not GraphQL JSON) becomes one
 * `AGENCY_UNAVAILABLE` error naming the agency; the gateway's executor records it and
 * completes the rest of the view with this agency's fields as null.
 */
export class AgencyDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly agency: string;
  private readonly hooks: readonly GatewayHooks[];
  private readonly log: pino.Logger;

  constructor(options: AgencyDataSourceOptions) {
    super({ url: options.url, fetcher: options.fetcher.fetch });
    this.agency = options.agency;
    this.hooks = options.hooks;
    this.log = options.log;
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Health checks and schema loading carry no request context; we use neither.
    if (!('incomingRequestContext' in options)) return;
    const context = options.context;
    context.stats.subgraphRequests += 1;
    for (const hook of this.hooks) {
      await hook.willSendSubgraphRequest?.({ agency: this.agency, request: options.request, context });
    }
  }

  override didReceiveResponse({ response, context }: SubgraphResponse) {
    // Each subgraph reports what the request cost it; the gateway sums that per request.
    const statements = Number(response.http?.headers.get('x-sql-statements'));
    if (Number.isFinite(statements)) context.stats.sqlStatements += statements;
    return response;
  }

  override didEncounterError(error: Error, _fetchRequest: unknown, response?: FetcherResponse, context?: GatewayContext): never {
    // 401/403 are the agency's own verdict on the caller: pass the code on, name the agency.
    if (error instanceof GraphQLError && (response?.status === 401 || response?.status === 403)) {
      throw new GraphQLError(`The ${this.agency} agency refused this request.`, {
        extensions: { code: error.extensions.code, agency: this.agency },
      });
    }
    context?.stats.unavailableAgencies.add(this.agency);
    this.log.warn({ requestId: context?.requestId, agency: this.agency, reason: failureReason(error, response) }, 'agency unavailable');
    throw agencyUnavailableError(this.agency);
  }
}
