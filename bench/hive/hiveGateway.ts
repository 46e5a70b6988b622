/**
 * The Hive Gateway contestant of the benchmark (issue 13): The Guild's open gateway
 * (`@graphql-hive/gateway`, MIT) over the same supergraph and subgraphs, with its
 * defaults, served by plain node:http. No policy, no audit, no limits — what a team would
 * run instead of this product.
 *
 * Changes from a plain `createGatewayRuntime({ supergraph })`, the same as the bare Apollo
 * gateway's (bench/bareGateway.ts):
 * - the gateway token header on every subgraph request, for one fixed caller, re-signed
 *   every 30 s (never per request);
 * - subgraph URLs from SUBGRAPH_<NAME>_URL (the bench's free ports);
 * - nothing leaves the machine, nothing is logged per request: no landing page, no
 *   GraphiQL, no usage reporting (off without a Hive token anyway), logging off.
 *
 * Type-checked on its own (bench/hive/tsconfig.json): Hive's packages widen graphql's
 * GraphQLErrorExtensions for every file of a program, which our gateway's errors must not see.
 *
 * Environment: PORT, HOST (default 127.0.0.1), DATA_DIR, SUPERGRAPH_PATH, SUBGRAPH_<NAME>_URL.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createGatewayRuntime, type TransportEntryAdditions } from '@graphql-hive/gateway';
import { GATEWAY_TOKEN_HEADER } from '../../platform/callerToken';
import { subgraphUrlVariable } from '../../platform/subgraphUrlVariable';
import { supergraphSubgraphs } from '../../schema/supergraphSubgraphs';
import { fixedCallerTokens } from '../lib/fixedCallerTokens';

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
  const supergraphSdl = fs.readFileSync(path.resolve(process.env.SUPERGRAPH_PATH ?? 'schema/supergraph.graphql'), 'utf8');
  const tokenFor = await fixedCallerTokens(dataDir, 'hive gateway');

  // Where each subgraph is, and which subgraph a URL belongs to (for its token's audience).
  const transportEntries: TransportEntryAdditions = {};
  const agencyByUrl = new Map<string, string>();
  for (const [name, composedUrl] of supergraphSubgraphs(supergraphSdl)) {
    const url = process.env[subgraphUrlVariable(name)] ?? composedUrl;
    transportEntries[name] = { location: url };
    agencyByUrl.set(url, name);
  }

  const gateway = createGatewayRuntime({
    supergraph: () => supergraphSdl,
    transportEntries,
    logging: false,
    landingPage: false,
    graphiql: false,
    plugins: () => [
      {
        onFetch({ url, options, setOptions }) {
          const agency = agencyByUrl.get(url);
          const token = agency ? tokenFor(agency) : undefined;
          if (!token) return;
          const headers = new Headers(options.headers as HeadersInit | undefined);
          headers.set(GATEWAY_TOKEN_HEADER, token);
          setOptions({ ...options, headers: Object.fromEntries(headers) });
        },
      },
    ],
  });
  const server = http.createServer(gateway);
  const port = Number(process.env.PORT ?? 4200);
  const host = process.env.HOST ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  process.stderr.write(`hive gateway listening on http://${host}:${port}/graphql\n`);

  const stop = () => {
    server.close(() => {
      Promise.resolve(gateway.dispose()).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`hive gateway failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
