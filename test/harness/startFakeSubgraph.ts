import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { createGraphQLHttpServer } from '../../platform/graphqlHttpHandler';
import { childLogger } from '../../platform/logger';

export interface FakeSubgraph {
  url: string;
  /** How many GraphQL requests it has answered. */
  requests(): number;
  close(): Promise<void>;
}

export type FakeEndpointBehaviour = 'hang' | 'status-500' | 'not-json';

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

function closer(server: http.Server): () => Promise<void> {
  return async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

/**
 * A tiny Federation 2 subgraph from inline SDL, for gateway tests that must not depend on
 * the real agencies. Reports `sqlStatements` in `x-sql-statements` like the real kit does.
 */
export async function startFakeSubgraph(options: {
  typeDefs: string;
  resolvers: GraphQLResolverMap<unknown>;
  sqlStatements?: number;
}): Promise<FakeSubgraph> {
  let requests = 0;
  const apollo = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: parse(options.typeDefs), resolvers: options.resolvers }),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart() {
          requests += 1;
          return {
            async willSendResponse({ response }) {
              response.http.headers.set('x-sql-statements', String(options.sqlStatements ?? 0));
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  const server = createGraphQLHttpServer({ apollo, log: childLogger('fake-subgraph'), context: async () => ({}) });
  const url = await listen(server);
  const close = closer(server);
  return {
    url,
    requests: () => requests,
    async close() {
      await close();
      await apollo.stop();
    },
  };
}

/** An endpoint that misbehaves the way a failing agency does: hangs, errors, or talks nonsense. */
export async function startFakeEndpoint(behaviour: FakeEndpointBehaviour): Promise<FakeSubgraph> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    req.resume();
    if (behaviour === 'hang') return; // never answers
    if (behaviour === 'status-500') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error at /srv/agency/db.js:42');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>maintenance</html>');
  });
  const url = await listen(server);
  return { url, requests: () => requests, close: closer(server) };
}
