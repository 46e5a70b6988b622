import http from 'node:http';
import https from 'node:https';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';

/** Apollo's fetcher shape (`@apollo/utils.fetcher`), as the data source that calls it declares it. */
export type Fetcher = RemoteGraphQLDataSource['fetcher'];
export type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;

/**
 * A `Fetcher` for `RemoteGraphQLDataSource` on plain `node:http` with keep-alive agents.
 * Apollo's default (make-fetch-happen) adds an HTTP cache layer and retries we don't
 * want; this one keeps one pool of warm sockets per subgraph, buffers the (small) JSON
 * answer and aborts at the deadline, so a hung agency costs at most `timeoutMs`.
 */
export interface KeepAliveFetcher {
  fetch: Fetcher;
  /** Closes the pooled sockets (on gateway shutdown). */
  destroy(): void;
}

export class FetchTimeoutError extends Error {
  override readonly name = 'FetchTimeoutError';
  constructor(readonly url: string, readonly timeoutMs: number) {
    super(`No answer from ${url} within ${timeoutMs} ms`);
  }
}

/** A request that failed on the socket level (refused, reset, DNS...). */
export class FetchNetworkError extends Error {
  override readonly name = 'FetchNetworkError';
  constructor(
    readonly url: string,
    /** The system error code, e.g. `ECONNREFUSED`. */
    readonly code: string | undefined,
    /** Whether the request went out on a pooled keep-alive socket. */
    readonly reusedSocket: boolean,
    options?: { cause: unknown },
  ) {
    super(`Request to ${url} failed: ${code ?? 'network error'}`, options);
  }
}

function systemErrorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

class BufferedResponse implements FetcherResponse {
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly ok: boolean;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new Uint8Array(this.body).buffer;
  }

  async text(): Promise<string> {
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body.toString('utf8'));
  }

  clone(): FetcherResponse {
    return new BufferedResponse(this.url, this.status, this.statusText, new Headers(this.headers), this.body);
  }
}

function toHeaders(message: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

export function createKeepAliveFetcher(options: { timeoutMs: number; maxSockets?: number }): KeepAliveFetcher {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64, scheduling: 'lifo' as const };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

  const once = (url: URL, init: FetcherRequestInit, signal: AbortSignal): Promise<FetcherResponse> =>
    new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(url, {
        method: init.method ?? 'GET',
        headers: init.headers,
        agent: secure ? agents.https : agents.http,
        signal,
      });
      const fail = (err: unknown) => reject(new FetchNetworkError(url.toString(), systemErrorCode(err), request.reusedSocket, { cause: err }));
      request.on('error', fail);
      request.on('response', (message) => {
        const chunks: Buffer[] = [];
        message.on('data', (chunk: Buffer) => chunks.push(chunk));
        message.on('error', fail);
        message.on('aborted', () => fail(new Error('connection closed mid-response')));
        message.on('end', () => {
          const headers = toHeaders(message);
          resolve(new BufferedResponse(url.toString(), message.statusCode ?? 0, message.statusMessage ?? '', headers, Buffer.concat(chunks)));
        });
      });
      request.end(init.body);
    });

  const fetch: Fetcher = async (target, init = {}) => {
    const url = new URL(target);
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const signal = init.signal instanceof AbortSignal ? AbortSignal.any([deadline, init.signal]) : deadline;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await once(url, init, signal);
      } catch (err) {
        if (deadline.aborted) throw new FetchTimeoutError(target, options.timeoutMs);
        // A pooled socket the server closed while idle fails at once with ECONNRESET;
        // retrying once on a fresh socket is safe (node docs, `request.reusedSocket`).
        const stale = err instanceof FetchNetworkError && err.reusedSocket && err.code === 'ECONNRESET';
        if (attempt === 1 && stale) continue;
        throw err;
      }
    }
  };

  return {
    fetch,
    destroy() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
