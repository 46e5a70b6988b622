import type { DocumentNode, FormattedExecutionResult, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './GatewayContext';

/**
 * Extension points for the layers that will sit around the gateway: the policy layer
 * (purpose binding, need-to-know, field labels) and the audit log. The gateway itself
 * holds no policy; it only calls these in a fixed order:
 *
 *   parse + validate → prepareOperation → query planning and subgraph fetches
 *   (willSendSubgraphRequest per fetch) → formatError → willSendResponse → HTTP response
 *
 * Every hook may throw a `GraphQLError` (with `extensions.code` from docs/domain.md); see each.
 */
export interface GatewayHooks {
  /**
   * Runs once the operation is parsed and validated against the public schema, before the
   * gateway plans or fetches anything. Throwing refuses the whole operation: no subgraph
   * is asked and the client gets only the error (e.g. `PURPOSE_REQUIRED`, `FORBIDDEN`).
   * Returning `{ document }` makes the gateway plan that document instead (e.g. the
   * client's with forbidden fields removed); later hooks receive it.
   */
  prepareOperation?(args: PrepareOperationArgs): void | PreparedOperation | Promise<void | PreparedOperation>;

  /**
   * Runs before each request to a subgraph; may add headers (e.g. the signed caller and
   * purpose) to `request.http.headers`. Throwing fails that agency's part of the view.
   */
  willSendSubgraphRequest?(args: SubgraphRequestArgs): void | Promise<void>;

  /**
   * Runs before every GraphQL response leaves the gateway, including error responses,
   * after errors were formatted. It may rewrite `result`. Throwing a `GraphQLError`
   * replaces the whole response with that one error and no data (fail closed: e.g.
   * `AUDIT_UNAVAILABLE` when the audit record could not be written).
   */
  willSendResponse?(args: ResponseArgs): void | Promise<void>;

  /** Runs once the gateway has stopped serving: release what the hook holds (e.g. the audit store). */
  close?(): void | Promise<void>;
}

/** A replacement for the document the gateway plans; it must keep the requested operation. */
export interface PreparedOperation {
  document: DocumentNode;
}

export interface PrepareOperationArgs {
  context: GatewayContext;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Readonly<Record<string, unknown>>;
  /** The public (API) schema the operation was validated against. */
  schema: GraphQLSchema;
}

/** The request the gateway is about to send to a subgraph (query, variables, http headers). */
export type SubgraphRequest = GraphQLDataSourceProcessOptions<GatewayContext>['request'];

export interface SubgraphRequestArgs {
  agency: string;
  request: SubgraphRequest;
  context: GatewayContext;
}

/** The single JSON result about to be sent (the gateway never streams); hooks may edit it. */
export type ResponseResult = FormattedExecutionResult<Record<string, unknown>, Record<string, unknown>>;

export interface ResponseArgs {
  context: GatewayContext;
  /** Absent when the request failed before an operation was resolved (parse errors). */
  operation?: OperationDefinitionNode;
  /** The client's parsed document, when it parsed. */
  document?: DocumentNode;
  result: ResponseResult;
  /** The HTTP status Apollo chose (undefined means 200). */
  status?: number;
}

/** Something `/ready` must see healthy before the gateway takes traffic. */
export interface ReadinessCheck {
  /** Short name reported by `/ready` when the check fails, e.g. `audit-store`. */
  name: string;
  check(): boolean | Promise<boolean>;
}
