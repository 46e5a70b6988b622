/**
 * The "bare" gateway of the benchmark: what a team would run without this product.
 * Apollo Gateway over the same supergraph, inside Apollo Server, with Apollo's defaults:
 * the default RemoteGraphQLDataSource and its default fetcher (make-fetch-happen), the
 * default query-plan cache, Apollo's standalone HTTP server. No policy, no audit, no
 * limits, no request log.
 *
 * Changes from a plain `new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) })`:
 * - the one deviation that changes work per request: our subgraphs answer only requests that
 *   carry a gateway-signed `x-gateway-token` (platform/callerToken.ts), so the data sources
 *   add that header, for one fixed caller, signed with the development gateway key from
 *   `<DATA_DIR>/keys` and re-signed every 30 s (tokens live 60 s). No signing happens per
 *   request;
 * - nothing leaves the machine: Apollo telemetry, usage and schema reporting and the
 *   landing page (loaded from a CDN) are off. None of them runs in a default setup without
 *   an APOLLO_KEY either, so they cost nothing here;
 * - subgraph URLs come from SUBGRAPH_<AGENCY>_URL (the bench's free ports) instead of the
 *   URLs composed into the supergraph.
 *
 * Environment: PORT, HOST (default 127.0.0.1), DATA_DIR, SUPERGRAPH_PATH, SUBGRAPH_<AGENCY>_URL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { GATEWAY_TOKEN_HEADER } from '../platform/callerToken';
import { subgraphUrlVariable } from '../gateway/config';
import { fixedCallerTokens } from './lib/fixedCallerTokens';

let tokenFor: (agency: string) => string | undefined = () => undefined;

/** Apollo's default data source plus the gateway token header: nothing else. */
class GatewayTokenDataSource extends RemoteGraphQLDataSource {
  constructor(
    private readonly agency: string,
    url: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request }: GraphQLDataSourceProcessOptions): void {
    const token = tokenFor(this.agency);
    if (token) request.http?.headers.set(GATEWAY_TOKEN_HEADER, token);
  }
}

async function main(): Promise<void> {
  // Apollo Gateway would otherwise send usage metrics to Apollo and probe cloud metadata endpoints.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
  const supergraphSdl = fs.readFileSync(path.resolve(process.env.SUPERGRAPH_PATH ?? 'schema/supergraph.graphql'), 'utf8');
  tokenFor = await fixedCallerTokens(dataDir, 'bare gateway');

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const override = process.env[subgraphUrlVariable(name)];
      return new GatewayTokenDataSource(name, override ?? url ?? '');
    },
  });
  const server = new ApolloServer({
    gateway,
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled()],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(process.env.PORT ?? 4100), host: process.env.HOST ?? '127.0.0.1' },
  });
  process.stderr.write(`bare gateway listening on ${url}\n`);

  const stop = () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`bare gateway failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
