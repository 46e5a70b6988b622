import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/*
 * A subgraph that uses none of this project's code: plain @apollo/subgraph and jose, as an
 * agency's developer would write it from docs/publishing-a-subgraph.md. Every request but
 * /health must carry the gateway's token (x-gateway-token, ES256, audience = its name),
 * checked through the gateway's published JWKS.
 */

export interface PlainSubgraphOptions {
  name: string;
  sdl: string;
  resolvers: GraphQLResolverMap<unknown>;
  /** Where the gateway publishes its keys (`/.well-known/jwks.json` is appended); read at the first request. */
  gatewayOrigin: string | (() => string);
  /** Plain JSON GET routes, answered for the caller the token names (e.g. a need-to-know route). */
  routes?: Record<string, (caller: JWTPayload) => unknown>;
}

export interface PlainSubgraph {
  name: string;
  url: string;
  /** Requests refused for want of a valid gateway token. */
  refused: number;
  answered: number;
  close(): Promise<void>;
}

export async function startPlainSubgraph(options: PlainSubgraphOptions): Promise<PlainSubgraph> {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keys = () => {
    const origin = typeof options.gatewayOrigin === 'function' ? options.gatewayOrigin() : options.gatewayOrigin;
    return (jwks ??= createRemoteJWKSet(new URL('/.well-known/jwks.json', origin)));
  };
  const apollo = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: parse(options.sdl), resolvers: options.resolvers }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const subgraph: PlainSubgraph = { name: options.name, url: '', refused: 0, answered: 0, close: async () => undefined };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    let caller: JWTPayload;
    try {
      const token = req.headers['x-gateway-token'];
      if (typeof token !== 'string') throw new Error('no token');
      ({ payload: caller } = await jwtVerify(token, keys(), { algorithms: ['ES256'], audience: options.name, issuer: 'huishoudview-gateway' }));
    } catch {
      subgraph.refused += 1;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"This service answers only the gateway."}]}');
      return;
    }
    const route = options.routes?.[url.pathname];
    if (route) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(route(caller)));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value);
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'POST', headers, search: url.search, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') },
      context: async () => ({}),
    });
    subgraph.answered += 1;
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    res.end(result.body.kind === 'complete' ? result.body.string : '');
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  subgraph.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  subgraph.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await apollo.stop();
  };
  return subgraph;
}
