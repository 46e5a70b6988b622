import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import type { IncomingMessage } from 'node:http';
import { createGraphQLHttpServer, sendJson, type RouteHandler } from '../../platform/graphqlHttpHandler';
import { childLogger } from '../../platform/logger';
import type { AgencyDefinition, Caller, SubgraphContext } from './AgencyDefinition';
import { Store, type SqlSession } from './Store';
import { databaseFile } from './databaseFile';
import { gatewayCallerIdentifier } from './gatewayCallerIdentifier';

export interface SubgraphOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  dataDir: string;
  /**
   * Who is calling. Default: the caller the gateway asserts in its signed `X-Gateway-Token`
   * (platform/callerToken.ts); a request without a valid one is refused with 401, so a
   * subgraph answers nobody but the gateway. Tests may inject their own.
   */
  identify?: (req: IncomingMessage) => Promise<Caller | null>;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  port: number;
  store: Store;
  close(): Promise<void>;
}

/** Reports the statements a request cost, for the gateway's and the benchmark's counts. */
function sqlCountPlugin<T>(): ApolloServerPlugin<SubgraphContext<T>> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          response.http.headers.set('x-sql-statements', String(contextValue.sql.statements));
        },
      };
    },
  };
}

/** The definition's caller routes, behind the same gateway-token check as GraphQL. */
function callerRoutes(
  routes: Record<string, (caller: Caller, sql: SqlSession) => unknown>,
  store: Store,
  identify: (req: IncomingMessage) => Promise<Caller | null>,
): Record<string, RouteHandler> {
  const handlers: Record<string, RouteHandler> = {};
  for (const [route, answer] of Object.entries(routes)) {
    handlers[route] = async (req, res) => {
      let caller: Caller | null;
      try {
        caller = await identify(req);
      } catch {
        caller = null;
      }
      if (!caller) {
        sendJson(res, 401, { errors: [{ message: 'This service answers only the gateway.', extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
      const sql = store.session();
      const body = answer(caller, sql);
      res.setHeader('x-sql-statements', String(sql.statements));
      sendJson(res, 200, body);
    };
  }
  return handlers;
}

export function readSubgraphSdl(dir: string): string {
  return fs.readFileSync(path.join(dir, 'schema.graphql'), 'utf8');
}

export async function startSubgraph<T>(definition: AgencyDefinition<T>, options: SubgraphOptions): Promise<RunningSubgraph> {
  const log = childLogger(`subgraph:${definition.name}`);
  const store = definition.openStore
    ? definition.openStore(options.dataDir)
    : new Store({ file: databaseFile(options.dataDir, definition.name), migrationsDir: path.join(definition.dir, 'migrations') });
  const apollo = new ApolloServer<SubgraphContext<T>>({
    schema: buildSubgraphSchema({ typeDefs: parse(readSubgraphSdl(definition.dir)), resolvers: definition.createResolvers(store) as GraphQLResolverMap<unknown> }),
    introspection: false,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled(), sqlCountPlugin<T>()],
  });
  await apollo.start();
  const identify = options.identify ?? (await gatewayCallerIdentifier(definition.name, options.dataDir));

  const server = createGraphQLHttpServer<SubgraphContext<T>>({
    apollo,
    log,
    context: async (req) => {
      const sql = store.session();
      return { sql, loaders: definition.createLoaders(store, sql), caller: await identify(req) };
    },
    routes: {
      // Everything but /health answers the gateway only: even traffic counts are telling
      // (how often an agency such as Veilig Thuis is asked).
      ...callerRoutes(
        {
          ...definition.callerRoutes?.(store),
          '/stats': () => ({ agency: definition.name, requests: store.requests, sqlStatements: store.statementsExecuted }),
        },
        store,
        identify,
      ),
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok', agency: definition.name }),
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;
  log.info({ url }, 'subgraph listening');

  return {
    name: definition.name,
    url,
    port,
    store,
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
      store.close();
    },
  };
}
