import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type pino from 'pino';
import { BodyTooLargeError, readBody } from './readBody';
import { activeTracer } from './telemetry/tracing';
import { traceRequest } from './telemetry/requestSpan';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * Serves what is neither GraphQL nor a route (the apps); anything it does not accept is
 * refused here as 404, through `beforeAnswer`, so that it is recorded like every refusal.
 */
export interface FallbackHandler {
  accepts(method: string, pathname: string): boolean;
  handle: RouteHandler;
}

export interface GraphQLHttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Builds the per-request context; throwing a GraphQLError here answers with that error. */
  context: (req: IncomingMessage, requestId: string) => Promise<TContext>;
  log: pino.Logger;
  /** Extra GET routes such as `/health` and `/ready`. */
  routes?: Record<string, RouteHandler>;
  /** Path that serves GraphQL. */
  graphqlPath?: string;
  /**
   * Answers requests that are neither a route nor on the GraphQL path and that it accepts
   * (the gateway's apps: static files and sign-in routes); any other gets a recorded 404.
   * Its paths are logged by their first segment only (`/a/…`): deeper ones may hold ids.
   */
  fallback?: FallbackHandler;
  maxBodyBytes?: number;
  /**
   * Extra fields for the request's log line (e.g. the GraphQL outcome), read when the
   * response has finished. Must never return personal data, headers or bodies.
   */
  logFields?: (req: IncomingMessage) => Record<string, unknown> | undefined;
  /**
   * Runs before any answer on the GraphQL path leaves, also a refusal before Apollo ran
   * (broken JSON, an oversized body, a request Apollo rejects unparsed), with the context
   * when one was made. Throwing a GraphQLError replaces the answer with that error (status
   * from `extensions.http.status`, else 503): the gateway's audit log uses this so that no
   * request goes unrecorded.
   */
  beforeAnswer?: (answer: { req?: IncomingMessage; requestId: string; status: number; errorCodes: string[]; context?: TContext }) => Promise<void>;
  /** The name of each request's span when tracing is on (e.g. `gateway request`). */
  spanName?: string;
  /** Called when a response has finished, for metrics: the route as logged, never an id. */
  observe?: (req: IncomingMessage, res: ServerResponse, info: { route: string; seconds: number }) => void;
}

/** Polled by supervisors and scrapers all the time: no span for these. */
const UNTRACED = new Set(['/health', '/ready', '/metrics']);

const DEFAULTS = { graphqlPath: '/graphql', maxBodyBytes: 1_000_000 };

/** Node's HTTP parser errors with a status of their own (RFC 6585 §5 for oversized headers). */
const PARSER_STATUS: Readonly<Record<string, number>> = { HPE_HEADER_OVERFLOW: 431, ERR_HTTP_REQUEST_TIMEOUT: 408 };

/** `/a/b/c` → `/a/…`; `/a` stays. */
function firstSegment(path: string): string {
  const cut = path.indexOf('/', 1);
  return cut === -1 ? path : `${path.slice(0, cut)}/…`;
}

/** API answers are about people and callers: no browser or proxy may keep a copy. */
export const NO_STORE = 'no-store';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': NO_STORE });
  res.end(text);
}

function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function graphqlError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/** The `extensions.code`s of a JSON GraphQL answer, for `beforeAnswer`; never its data. */
function errorCodesOf(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ extensions?: { code?: unknown } }> };
    return (parsed.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
  } catch {
    return [];
  }
}

/**
 * A plain node:http server around an ApolloServer (v5 ships no framework integration).
 * One pino line per request: method, path, status, duration; never headers or bodies.
 */
export function createGraphQLHttpServer<TContext extends BaseContext>(
  options: GraphQLHttpServerOptions<TContext>,
): http.Server {
  const { apollo, context, log, routes = {}, logFields, beforeAnswer, fallback, observe } = options;
  const spanName = options.spanName ?? 'http request';
  const answeredByFallback = new WeakSet<IncomingMessage>();
  const graphqlPath = options.graphqlPath ?? DEFAULTS.graphqlPath;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;

  /** Sends an answer on the GraphQL path once `beforeAnswer` has seen it. */
  const answer = async (
    res: ServerResponse,
    info: { req: IncomingMessage; requestId: string; context?: TContext },
    status: number,
    headers: Iterable<[string, string]>,
    body: string,
  ): Promise<void> => {
    if (beforeAnswer) {
      try {
        await beforeAnswer({ ...info, status, errorCodes: errorCodesOf(body) });
      } catch (err) {
        if (!(err instanceof GraphQLError)) throw err;
        const http = err.extensions.http as { status?: number } | undefined;
        sendJson(res, http?.status ?? 503, { errors: [{ message: err.message, extensions: { code: err.extensions.code } }] });
        return;
      }
    }
    for (const [key, value] of headers) res.setHeader(key, value);
    res.setHeader('cache-control', NO_STORE);
    res.statusCode = status;
    res.end(body);
  };
  const refuse = (res: ServerResponse, info: { req: IncomingMessage; requestId: string }, status: number, code: string, message: string) =>
    answer(res, info, status, [['content-type', 'application/json; charset=utf-8']], JSON.stringify({ errors: [{ message, extensions: { code } }] }));

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    if (route && req.method === 'GET') return route(req, res);
    if (url.pathname !== graphqlPath && fallback?.accepts(req.method ?? 'GET', url.pathname)) {
      answeredByFallback.add(req);
      return fallback.handle(req, res);
    }
    const info: { req: IncomingMessage; requestId: string; context?: TContext } = { req, requestId };
    // The path is not repeated: whatever a caller typed into it stays out of the answer.
    if (url.pathname !== graphqlPath) return refuse(res, info, 404, 'NOT_FOUND', `No such route; send GraphQL to POST ${graphqlPath}.`);

    let body: unknown = undefined;
    if (req.method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, maxBodyBytes);
      } catch (err) {
        if (err instanceof BodyTooLargeError) {
          return refuse(res, info, 413, 'BAD_USER_INPUT', `The request body is larger than ${maxBodyBytes} bytes; send a smaller query.`);
        }
        throw err;
      }
      try {
        body = text.length > 0 ? JSON.parse(text) : {};
      } catch {
        return refuse(res, info, 400, 'BAD_USER_INPUT', 'The request body is not valid JSON; send {"query": "..."} as JSON.');
      }
    }

    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers: toHeaderMap(req), search: url.search, body },
      context: async () => (info.context = await context(req, requestId)),
    });
    if (response.body.kind === 'complete') {
      await answer(res, info, response.status ?? 200, response.headers, response.body.string);
    } else {
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.setHeader('cache-control', NO_STORE);
      res.statusCode = response.status ?? 200;
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };

  const serve = (req: IncomingMessage, res: ServerResponse, requestId: string): void => {
    handle(req, res, requestId).catch((err: unknown) => {
      // Internals stay in the operational log; the client gets a code and a hint only.
      log.error({ requestId, err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, 'request failed');
      if (!res.headersSent) graphqlError(res, 500, 'INTERNAL_SERVER_ERROR', 'The server failed to answer; try again, and report the request id if it persists.');
      else res.end();
    });
  };

  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const path = (req.url ?? '/').split('?')[0]!;
    res.on('finish', () => {
      const route = answeredByFallback.has(req) ? firstSegment(path) : path;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      log.info({ requestId, method: req.method, path: route, status: res.statusCode, durationMs: seconds * 1e3, ...logFields?.(req) }, 'request');
      observe?.(req, res, { route, seconds });
    });
    const tracer = activeTracer();
    // Only known paths get a span, named by that path: whatever else a caller typed stays out of traces.
    if (tracer && !UNTRACED.has(path) && (path === graphqlPath || routes[path])) traceRequest(tracer, spanName, path, req, res, () => serve(req, res, requestId));
    else serve(req, res, requestId);
  });
  // A request the HTTP parser refuses (headers over the limit, garbage) never becomes a
  // request object; it is still answered, and recorded first when a record is wanted.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = PARSER_STATUS[err.code ?? ''] ?? 400;
    const send = (code: number) => socket.end(`HTTP/1.1 ${code} ${http.STATUS_CODES[code]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    if (!beforeAnswer) return send(status);
    const requestId = randomUUID();
    beforeAnswer({ requestId, status, errorCodes: ['BAD_REQUEST'] }).then(
      () => send(status),
      (failure: unknown) => {
        log.error({ requestId, err: failure instanceof Error ? failure.name : String(failure) }, 'refused request not recorded');
        send(503);
      },
    );
  });
  // Longer than any client keep-alive, so a pooled gateway socket is never closed under it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
