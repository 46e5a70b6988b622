import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { GraphQLError, getOperationAST, type GraphQLFormattedError } from 'graphql';
import type pino from 'pino';
import type { GatewayContext } from './GatewayContext';
import type { GatewayHooks, PreparedOperation, ResponseResult } from './GatewayHooks';
import { formatGatewayError } from './formatGatewayError';
import { setPreparedDocument } from './preparedDocument';

export interface GatewayPluginOptions {
  hooks: readonly GatewayHooks[];
  reportCosts: boolean;
  log: pino.Logger;
}

/** A hook refused the response: the client gets that error alone, never the data. */
function refusal(err: unknown, log: pino.Logger, requestId: string): { error: GraphQLFormattedError; status: number } {
  if (err instanceof GraphQLError) {
    const http = err.extensions.http;
    const status = typeof http === 'object' && http !== null && 'status' in http && typeof http.status === 'number' ? http.status : 500;
    return { error: formatGatewayError(err.toJSON()), status };
  }
  log.error({ requestId, err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, 'response hook failed');
  return { error: formatGatewayError({ message: 'internal', extensions: { code: 'INTERNAL_SERVER_ERROR' } }), status: 500 };
}

function recordOutcome(context: GatewayContext, result: ResponseResult, operationType: string | undefined): void {
  const errors = result.errors ?? [];
  context.stats.outcome = {
    operationType,
    errorCount: errors.length,
    errorCodes: [...new Set(errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN')))],
    hasData: result.data !== undefined && result.data !== null,
  };
}

/**
 * The gateway's request lifecycle in one plugin, so its steps run in a fixed order
 * (Apollo runs different plugins' hooks concurrently):
 * `prepareOperation` hooks before planning (a document they prepare goes to
 * `PreparedDocumentGateway`); then, before the response leaves, the cost
 * report, the `willSendResponse` hooks (which may replace the response), and the outcome
 * for the log line.
 */
export function gatewayPlugin(options: GatewayPluginOptions): ApolloServerPlugin<GatewayContext> {
  const { hooks, reportCosts, log } = options;

  const beforeResponse = async (requestContext: GraphQLRequestContextWillSendResponse<GatewayContext>): Promise<void> => {
    const { contextValue: context, response } = requestContext;
    if (response.body.kind !== 'single') {
      // Incremental delivery would stream data past the hooks (policy shaping, audit): fail closed.
      response.body = {
        kind: 'single',
        singleResult: { errors: [formatGatewayError({ message: 'Incremental delivery (@defer, @stream) is not supported; send the query without it.', extensions: { code: 'BAD_USER_INPUT' } })] },
      };
      response.http.status = 400;
    }
    let result = response.body.singleResult;
    if (reportCosts) {
      result.extensions = { ...result.extensions, sqlStatements: context.stats.sqlStatements, subgraphRequests: context.stats.subgraphRequests };
    }
    try {
      for (const hook of hooks) {
        await hook.willSendResponse?.({ context, operation: requestContext.operation, document: requestContext.document, result, status: response.http.status });
      }
    } catch (err) {
      const { error, status } = refusal(err, log, context.requestId);
      result = { errors: [error] };
      response.body = { kind: 'single', singleResult: result };
      response.http.status = status;
    }
    recordOutcome(context, result, requestContext.operation?.operation);
  };

  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          let { operation, document } = requestContext;
          if (!operation) return;
          const context = requestContext.contextValue;
          for (const hook of hooks) {
            const prepared: PreparedOperation | void = await hook.prepareOperation?.({
              context,
              document,
              operation,
              variables: requestContext.request.variables ?? {},
              schema: requestContext.schema,
            });
            if (!prepared) continue;
            operation = getOperationAST(prepared.document, requestContext.operationName) ?? undefined;
            if (!operation) throw new Error('A prepareOperation hook returned a document without the requested operation');
            document = prepared.document;
            setPreparedDocument(context, document);
          }
        },
        willSendResponse: beforeResponse,
      };
    },
  };
}
