import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError, parse } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGraphQLHttpServer, sendJson, type RouteHandler } from '../../platform/graphqlHttpHandler';
import { childLogger } from '../../platform/logger';
import type { AgencyDefinition, Caller, SubgraphContext } from './AgencyDefinition';
import { Store, type SqlSession } from './Store';
import { databaseFile } from './databaseFile';
import { DATA_VERSION_HEADER, DATA_VERSION_POLLER, DATA_VERSION_ROUTE } from '../../platform/dataVersion';
import { gatewayCallerIdentifier } from './gatewayCallerIdentifier';
import { SubgraphMetrics } from './SubgraphMetrics';
import type { MetricsOptions } from '../../platform/telemetry/MetricsOptions';
import { sendMetrics } from '../../platform/telemetry/metricsRegistry';
import { startMetricsServer, type MetricsServer } from '../../platform/telemetry/startMetricsServer';
import { annotateRequestSpan } from '../../platform/telemetry/requestSpan';

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
  /**
   * Where `GET /metrics` is served (platform/telemetry/MetricsOptions.ts). Default: on the
   * public port outside production, behind the gateway token like every route but
   * /health; in production only on `port` when given. Env `METRICS_PORT`, `METRICS_HOST`.
   */
  metrics?: MetricsOptions;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  port: number;
  store: Store;
  /** The separate metrics listener's port, when one was asked for. */
  metricsPort?: number;
  close(): Promise<void>;
}

/** Reports the statements a request cost, for the gateway's and the benchmark's counts. */
function sqlCountPlugin<T>(): ApolloServerPlugin<SubgraphContext<T>> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          response.http.headers.set('x-sql-statements', String(contextValue.sql.statements));
          if (contextValue.answer) contextValue.answer.graphqlErrors = response.body.kind === 'single' ? (response.body.singleResult.errors?.length ?? 0) : 0;
        },
      };
    },
  };
}

type Identify = (req: IncomingMessage) => Promise<Caller | null>;

/** A route behind the same gateway-token check as GraphQL: 401 for anyone else. */
function gatewayOnly(identify: Identify, handler: (caller: Caller, req: IncomingMessage, res: ServerResponse) => void | Promise<void>): RouteHandler {
  return async (req, res) => {
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
    await handler(caller, req, res);
  };
}

/** The definition's caller routes, behind the gateway-token check. */
function callerRoutes(routes: Record<string, (caller: Caller, sql: SqlSession) => unknown>, store: Store, identify: Identify): Record<string, RouteHandler> {
  const handlers: Record<string, RouteHandler> = {};
  for (const [route, answer] of Object.entries(routes)) {
    handlers[route] = gatewayOnly(identify, (caller, _req, res) => {
      // Read before the answer: a change landing in between makes the answer newer than
      // its version (the gateway drops it early), never older.
      const version = store.dataVersion();
      const sql = store.session();
      const body = answer(caller, sql);
      res.setHeader('x-sql-statements', String(sql.statements));
      res.setHeader(DATA_VERSION_HEADER, version);
      sendJson(res, 200, body);
    });
  }
  return handlers;
}

export function readSubgraphSdl(dir: string): string {
  return fs.readFileSync(path.join(dir, 'schema.graphql'), 'utf8');
}

export async function startSubgraph<T>(definition: AgencyDefinition<T>, options: SubgraphOptions): Promise<RunningSubgraph> {
  const log = childLogger(`subgraph:${definition.name}`);
  await definition.checkBeforeServing?.(options.dataDir);
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
  const identifyAny = options.identify ?? (await gatewayCallerIdentifier(definition.name, options.dataDir));
  // The gateway's own token for polling the data version opens that route and nothing
  // else: no person's purpose stands behind it (deny by default).
  const identify: Identify = async (req) => {
    const caller = await identifyAny(req);
    if (caller?.purpose === DATA_VERSION_POLLER.purpose) {
      throw new GraphQLError('This token opens the data version only.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
    return caller;
  };
  const metricsOptions = options.metrics ?? { onPublicPort: process.env.NODE_ENV !== 'production', host: '127.0.0.1' };
  const metrics = metricsOptions.onPublicPort || metricsOptions.port !== undefined ? new SubgraphMetrics(definition.name) : undefined;
  // The request's context, for its metrics once the response is out.
  const contexts = new WeakMap<IncomingMessage, SubgraphContext<T>>();

  const server = createGraphQLHttpServer<SubgraphContext<T>>({
    apollo,
    log,
    spanName: 'subgraph request',
    context: async (req) => {
      const sql = store.session();
      const context = { sql, loaders: definition.createLoaders(store, sql), caller: await identify(req), answer: { graphqlErrors: 0 } };
      contexts.set(req, context);
      annotateRequestSpan(req, { agency: definition.name });
      return context;
    },
    observe: metrics
      ? (req, res, { route, seconds }) => {
          if (route !== '/graphql') return;
          const context = contexts.get(req);
          metrics.request(res, context?.caller?.purpose, context?.sql.statements ?? 0, seconds, context?.answer?.graphqlErrors ?? 0);
        }
      : undefined,
    routes: {
      ...(metrics && metricsOptions.onPublicPort ? { '/metrics': gatewayOnly(identify, (_caller, _req, res) => sendMetrics(metrics.registry, res)) } : {}),
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
      // Polled by the gateway to keep need-to-know answers until this data changes; no
      // request of anyone's, so it opens no SQL session and counts as none.
      [DATA_VERSION_ROUTE]: gatewayOnly(identifyAny, (_caller, _req, res) => sendJson(res, 200, { version: store.dataVersion() })),
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok', agency: definition.name }),
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  let metricsServer: MetricsServer | undefined;
  if (metrics && metricsOptions.port !== undefined) {
    try {
      metricsServer = await startMetricsServer(metrics.registry, metricsOptions.port, metricsOptions.host);
    } catch (err) {
      server.close();
      await apollo.stop();
      store.close();
      throw err;
    }
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;
  log.info({ url }, 'subgraph listening');

  return {
    name: definition.name,
    url,
    port,
    store,
    metricsPort: metricsServer?.port,
    async close() {
      await metricsServer?.close();
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
      store.close();
    },
  };
}
