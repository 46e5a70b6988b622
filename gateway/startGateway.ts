import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGraphQLHttpServer, sendJson } from '../platform/graphqlHttpHandler';
import { childLogger } from '../platform/logger';
import { createGatewayContext, type GatewayContext } from './GatewayContext';
import type { ReadinessCheck } from './GatewayHooks';
import { resolveGatewayOptions, type GatewayOptions, type GatewayOverrides } from './config';
import { createGateway } from './createGateway';
import { SupergraphLoadError, checkSupergraph, loadSupergraph } from './loadSupergraph';
import { supergraphVersion } from './supergraphVersion';
import { watchSupergraph } from './watchSupergraph';
import { watchSigningKey } from './watchSigningKey';
import { publishedJwks, signingKeyFile } from '../platform/gatewayJwks';

/** How soon a rotated signing key is used (the file is polled; a stat per second costs nothing). */
const KEY_POLL_MS = 1000;
import { buildPolicyLayer } from './policy/buildPolicyLayer';
import { createKeepAliveFetcher } from './keepAliveFetcher';
import { createAuditLog } from './audit/createAuditLog';
import { openAuditStore } from '../audit/openAuditStore';
import { auditFile } from '../audit/auditFile';
import { retentionFromPolicy } from '../audit/AuditRetention';
import { authConfigFromEnv } from './auth/authConfig';
import { createAppsHandler } from './apps/createAppsHandler';
import { offeredPurposes } from './apps/offeredPurposes';
import { GatewayMetrics } from './telemetry/GatewayMetrics';
import { auditCommitSpans, combineObservers } from './telemetry/auditCommitSpans';
import { observeGatewayRequest } from './telemetry/observeGatewayRequest';
import { instrumentSubgraphFetch } from './telemetry/instrumentSubgraphFetch';
import { sendMetrics } from '../platform/telemetry/metricsRegistry';
import { startMetricsServer, type MetricsServer } from '../platform/telemetry/startMetricsServer';

export interface RunningGateway {
  /** `http://host:port/graphql` */
  url: string;
  port: number;
  /** The separate metrics listener's port, when `METRICS_PORT` is set. */
  metricsPort?: number;
  options: GatewayOptions;
  close(): Promise<void>;
}

/** The failing readiness checks' names; a throwing check counts as failing. */
async function failingChecks(checks: readonly ReadinessCheck[]): Promise<string[]> {
  const results = await Promise.all(
    checks.map(async (check) => {
      try {
        return (await check.check()) ? null : check.name;
      } catch {
        return check.name;
      }
    }),
  );
  return results.filter((name): name is string => name !== null);
}

function listen(server: ReturnType<typeof createGraphQLHttpServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new Error(`Port ${port} on ${host} is already in use; stop the other process or set PORT.`) : err);
    });
    server.listen(port, host, () => resolve());
  });
}

/** Where the supergraph comes from: `SUPERGRAPH_URL` when set, else the file. */
function supergraphSource(options: GatewayOptions): { where: string; load(): Promise<string>; read(): Promise<string> } {
  const url = options.supergraphUrl;
  if (url) {
    const read = async (): Promise<string> => {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.text();
    };
    return {
      where: url,
      read,
      async load() {
        let sdl: string;
        try {
          sdl = await read();
        } catch (err) {
          throw new SupergraphLoadError(url, `it could not be fetched (${err instanceof Error ? err.message : String(err)}); check SUPERGRAPH_URL.`);
        }
        checkSupergraph(sdl, url);
        return sdl;
      },
    };
  }
  return { where: options.supergraphPath, read: () => fs.readFile(options.supergraphPath, 'utf8'), load: async () => loadSupergraph(options.supergraphPath) };
}

/**
 * Starts the gateway: loads and checks the supergraph file (rejecting with a message that
 * names the file when it is missing or invalid), builds the query planner, and serves
 * `POST /graphql`, `GET /health` and `GET /ready`.
 */
export async function startGateway(overrides: GatewayOverrides = {}): Promise<RunningGateway> {
  const options = resolveGatewayOptions(overrides);
  const log = childLogger('gateway');
  const source = supergraphSource(options);
  const supergraphSdl = await source.load();
  const lookupFetcher = createKeepAliveFetcher({ timeoutMs: options.subgraphTimeoutMs });
  // Deny by default: the policy layer runs first and the audit log last, unless a
  // transport test opted out of both.
  const auth = options.auth ?? authConfigFromEnv();
  // The need-to-know look-up joins the request's trace too.
  const lookup = instrumentSubgraphFetch(undefined, lookupFetcher.fetch, undefined, 'need-to-know lookup');
  const policy = options.openAccess ? undefined : await buildPolicyLayer(options, supergraphSdl, lookup, auth);
  // No instruments at all where no one may read them (production without METRICS_PORT).
  const metrics = options.metrics.onPublicPort || options.metrics.port !== undefined ? new GatewayMetrics() : undefined;
  // PostgreSQL when AUDIT_DATABASE_URL is set (checked now: a wrong setting refuses the start), else the SQLite file.
  const auditStore = policy
    ? await openAuditStore(
        { databaseUrl: options.auditDatabaseUrl, file: options.auditFile ?? auditFile(options.dataDir) },
        {
          retention: retentionFromPolicy(policy.current().engine.policy),
          observer: combineObservers([metrics?.auditObserver(), auditCommitSpans()]),
          ...(options.auditCommitTimeoutMs !== undefined ? { commitTimeoutMs: options.auditCommitTimeoutMs } : {}),
        },
      ).catch(async (err: unknown) => {
        await policy.hooks.close?.();
        lookupFetcher.destroy();
        throw err;
      })
    : undefined;
  let version = supergraphVersion(supergraphSdl);
  metrics?.versions(version, policy?.current().engine.version ?? null);
  const audit = policy && auditStore
    ? createAuditLog({ store: auditStore, log, describeCaller: policy.describeCaller, supergraphVersion: () => version })
    : undefined;
  // The context per request, so the request's log line and metrics can carry its GraphQL outcome.
  const contexts = new WeakMap<IncomingMessage, GatewayContext>();
  const observer = observeGatewayRequest(metrics, (req) => contexts.get(req));
  const hooks = audit && policy ? [policy.hooks, ...options.hooks, observer.hooks, audit.hooks] : options.hooks;
  const readinessChecks = auditStore ? [...options.readinessChecks, { name: 'audit-store', check: () => auditStore.isWritable() }] : options.readinessChecks;
  // A newly published supergraph is picked up without a restart (docs/publishing-a-subgraph.md).
  const watched = watchSupergraph(supergraphSdl, {
    where: source.where,
    read: source.read,
    pollMs: options.supergraphPollMs,
    log,
    prepare(sdl) {
      const activatePolicy = policy ? policy.prepare(sdl) : () => undefined;
      const next = supergraphVersion(sdl);
      return () => {
        activatePolicy();
        version = next;
        metrics?.versions(version, policy?.current().engine.version ?? null);
      };
    },
  });
  const { apollo, releaseConnections } = createGateway({ ...options, hooks }, watched, log, metrics);
  const stopKeyWatch = policy
    ? watchSigningKey({ file: signingKeyFile(options.dataDir), dataDir: options.dataDir, signer: policy.signer, pollMs: KEY_POLL_MS, log })
    : () => undefined;
  try {
    await apollo.start();
  } catch (err) {
    stopKeyWatch();
    releaseConnections();
    lookupFetcher.destroy();
    throw new SupergraphLoadError(source.where, `the gateway cannot plan queries over it (${err instanceof Error ? err.message : String(err)}).`);
  }

  let accepting = true;
  const server = createGraphQLHttpServer<GatewayContext>({
    apollo,
    log,
    maxBodyBytes: options.limits.maxBodyBytes,
    beforeAnswer: audit ? (answer) => audit.beforeAnswer(answer) : undefined,
    spanName: 'gateway request',
    observe: (req, res, finished) => observer.observe(req, res, finished),
    context: async (req, requestId) => {
      const context = createGatewayContext(req, requestId);
      contexts.set(req, context);
      return context;
    },
    logFields: (req) => {
      const stats = contexts.get(req)?.stats;
      if (!stats?.outcome) return undefined;
      const { errorCount, errorCodes, operationType } = stats.outcome;
      return {
        outcome: errorCount === 0 ? 'ok' : 'errors',
        operationType,
        errorCount,
        errorCodes,
        sqlStatements: stats.sqlStatements,
        subgraphRequests: stats.subgraphRequests,
      };
    },
    // The apps for people and their sign-in routes (apps/): everything that is not GraphQL or a route below.
    fallback: createAppsHandler({
      apps: options.apps,
      auth,
      introspection: options.introspection,
      identify: policy?.describeCaller,
      purposesOf: policy && ((role) => offeredPurposes(policy.current().engine.policy, role)),
      log,
    }),
    routes: {
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      ...(metrics && options.metrics.onPublicPort ? { '/metrics': (_req: IncomingMessage, res: ServerResponse) => sendMetrics(metrics.registry, res) } : {}),
      // The public keys of the gateway's subgraph tokens (RFC 7517): an agency needs only this URL.
      '/.well-known/jwks.json': async (_req, res) => {
        const body = JSON.stringify(await publishedJwks(signingKeyFile(options.dataDir)));
        res.writeHead(200, { 'content-type': 'application/jwk-set+json', 'cache-control': 'max-age=60', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
      '/ready': async (_req, res) => {
        // The supergraph is loaded once `apollo.start()` resolved, before we listen.
        const failing = accepting ? await failingChecks(readinessChecks) : ['stopping'];
        if (failing.length === 0) sendJson(res, 200, { status: 'ready' });
        else sendJson(res, 503, { status: 'not ready', failing });
      },
    },
  });

  let metricsServer: MetricsServer | undefined;
  try {
    await listen(server, options.port, options.host);
    if (metrics && options.metrics.port !== undefined) metricsServer = await startMetricsServer(metrics.registry, options.metrics.port, options.metrics.host);
  } catch (err) {
    if (server.listening) server.close();
    await apollo.stop();
    stopKeyWatch();
    releaseConnections();
    lookupFetcher.destroy();
    await auditStore?.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host}:${port}/graphql`;
  log.info({ url, supergraph: source.where, version }, 'gateway listening');

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    metricsPort: metricsServer?.port,
    options,
    close() {
      closed ??= (async () => {
        accepting = false;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        // In-flight requests finish (their audit records included); a keep-alive socket
        // is closed as soon as its response is out, and nothing waits past the grace period.
        server.closeIdleConnections();
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs);
        await stopped;
        clearInterval(idle);
        clearTimeout(deadline);
        await apollo.stop();
        await metricsServer?.close();
        stopKeyWatch();
        releaseConnections();
        lookupFetcher.destroy();
        for (const hook of hooks) await hook.close?.();
      })();
      return closed;
    },
  };
}
