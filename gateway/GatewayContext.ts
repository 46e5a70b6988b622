import type { IncomingMessage } from 'node:http';
import type { BaseContext } from '@apollo/server';

/**
 * What the gateway learned about one request, for the operational log line. Codes and
 * counts only: never a field value, an id, a header or a body.
 */
export interface RequestOutcome {
  operationType?: string;
  errorCount: number;
  errorCodes: string[];
  /** The response carried data (whole or in part). */
  hasData: boolean;
}

/**
 * Counters of one request. Kept in their own object because Apollo Server hands the
 * pipeline a shallow copy of the context: numbers written on the copy would be lost to
 * the HTTP layer (which logs them), a shared object is not.
 */
export interface RequestStats {
  /** Sum of the subgraphs' `x-sql-statements` response headers. */
  sqlStatements: number;
  /** How many subgraph requests this request caused. */
  subgraphRequests: number;
  /** Agencies that did not answer. */
  unavailableAgencies: Set<string>;
  /** Filled in just before the response is sent; absent if the request never got that far. */
  outcome?: RequestOutcome;
  /** Set once the audit log has this request's record (or is writing it). */
  audited?: boolean;
}

/**
 * Per-request state shared by the gateway's plugins, data sources and hooks. The policy
 * layer adds its own typed fields here (the verified caller, the declared purpose); set
 * them in a hook, and put anything the HTTP layer must see into a shared object.
 */
export interface GatewayContext extends BaseContext {
  requestId: string;
  /** The incoming HTTP request (for hooks that read headers such as `X-Purpose`). */
  req: IncomingMessage;
  stats: RequestStats;
  /** When the request arrived (the audit record's time and duration). */
  startedAt: Date;
  startedHr: bigint;
}

export function createGatewayContext(req: IncomingMessage, requestId: string): GatewayContext {
  return {
    requestId,
    req,
    stats: { sqlStatements: 0, subgraphRequests: 0, unavailableAgencies: new Set() },
    startedAt: new Date(),
    startedHr: process.hrtime.bigint(),
  };
}
