import { ApolloServer } from '@apollo/server';
import type { SupergraphSdlHook } from '@apollo/gateway';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type pino from 'pino';
import { AgencyDataSource } from './AgencyDataSource';
import { PreparedDocumentGateway } from './PreparedDocumentGateway';
import type { GatewayContext } from './GatewayContext';
import { apolloLogger } from './apolloLogger';
import { subgraphUrlFor, type GatewayOptions } from './config';
import { formatGatewayError } from './formatGatewayError';
import { limitValidationRules } from './limits/limitValidationRules';
import { knownOperationTypeRule } from './limits/knownOperationTypeRule';
import { reservedAliasRule } from './policy/reservedAliasRule';
import { operationNameRule } from './audit/operationNameRule';
import { gatewayPlugin } from './gatewayPlugin';
import { createKeepAliveFetcher, type KeepAliveFetcher } from './keepAliveFetcher';
import type { GatewayMetrics } from './telemetry/GatewayMetrics';
import { instrumentSubgraphFetch } from './telemetry/instrumentSubgraphFetch';

export interface GatewayServer {
  /** Not yet started: call `start()` (it loads the supergraph into the query planner). */
  apollo: ApolloServer<GatewayContext>;
  /** Releases the pooled subgraph sockets; call after `apollo.stop()`. */
  releaseConnections(): void;
}

/**
 * Apollo Gateway over a fixed supergraph plus the Apollo Server around it. No runtime
 * introspection of subgraphs, no uplink polling, nothing sent to Apollo's services.
 */
export function createGateway(options: GatewayOptions, supergraphSdl: string | SupergraphSdlHook, log: pino.Logger, metrics?: GatewayMetrics): GatewayServer {
  // Apollo Gateway reports usage metrics to Apollo and probes cloud metadata endpoints
  // unless this is set (read once, in the ApolloGateway constructor). A gateway over
  // special-category personal data does not phone home; an operator may still opt in.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';

  const fetchers: KeepAliveFetcher[] = [];
  const gateway = new PreparedDocumentGateway({
    supergraphSdl,
    logger: apolloLogger(log),
    // Never reveal query plans to clients (the gateway shows them on a header outside production).
    __exposeQueryPlanExperimental: false,
    serviceHealthCheck: false,
    buildService({ name, url }) {
      const fetcher = createKeepAliveFetcher({ timeoutMs: options.subgraphTimeoutMs });
      fetchers.push(fetcher);
      // Config may say where a subgraph lives; otherwise its routing URL from the registry.
      const target = subgraphUrlFor(options, name, url);
      if (!target) throw new Error(`No URL for subgraph ${name}`);
      const instrumented = { ...fetcher, fetch: instrumentSubgraphFetch(name, fetcher.fetch, metrics) };
      return new AgencyDataSource({ agency: name, url: target, fetcher: instrumented, hooks: options.hooks, log });
    },
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // "Did you mean …?" tells an outsider the schema; off in production.
    hideSchemaDetailsFromClientErrors: !options.schemaSuggestions,
    allowBatchedHttpRequests: options.allowBatching,
    // Automatic persisted queries off: one cache for all callers would tell a caller that
    // someone else sent a query text (which can hold a household id). Our apps send the
    // query with every request; nothing else needs APQ.
    persistedQueries: false,
    parseOptions: { maxTokens: options.limits.maxTokens },
    validationRules: [knownOperationTypeRule, reservedAliasRule, operationNameRule, ...limitValidationRules(options.limits)],
    formatError: formatGatewayError,
    logger: apolloLogger(log),
    plugins: [
      // The default landing page loads from a CDN, which a closed network cannot reach.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      gatewayPlugin({ hooks: options.hooks, reportCosts: options.reportCosts, log }),
    ],
  });

  return {
    apollo,
    releaseConnections() {
      for (const fetcher of fetchers) fetcher.destroy();
    },
  };
}
