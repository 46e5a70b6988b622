import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GatewayOverrides } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/startGateway';
import { composeSupergraph } from '../../schema/composeSupergraph';
import { startFakeSubgraph, type FakeSubgraph } from './startFakeSubgraph';

/** Two inline subgraphs named like real agencies: gemeente owns households, wonen adds a tenancy. */
export const FAKE_GEMEENTE_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query { household(id: ID!): Household }
  type Household @key(fields: "id") { id: ID! city: String }
`;
export const FAKE_WONEN_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Household @key(fields: "id") { id: ID! tenancy: String }
`;

export function startFakeGemeente(): Promise<FakeSubgraph> {
  return startFakeSubgraph({
    typeDefs: FAKE_GEMEENTE_SDL,
    resolvers: { Query: { household: (_: unknown, args: { id: string }) => ({ id: args.id, city: 'Den Haag' }) } },
    sqlStatements: 2,
  });
}

export function startFakeWonen(): Promise<FakeSubgraph> {
  return startFakeSubgraph({
    typeDefs: FAKE_WONEN_SDL,
    resolvers: { Household: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, tenancy: 'LOPEND' }) } },
    sqlStatements: 3,
  });
}

/** Writes the two fake subgraphs' supergraph into a fresh temporary directory; the caller removes it. */
export function writeFakeSupergraph(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'household-gateway-'));
  const file = path.join(dir, 'supergraph.graphql');
  fs.writeFileSync(file, composeSupergraph([
    { name: 'gemeente', sdl: FAKE_GEMEENTE_SDL },
    { name: 'wonen', sdl: FAKE_WONEN_SDL },
  ]));
  return file;
}

/**
 * A gateway on a free port over the fake gemeente and whatever answers for wonen;
 * `close()` also removes its temporary supergraph.
 */
export async function startFakeGateway(urls: { gemeente: string; wonen: string }, overrides: GatewayOverrides = {}): Promise<RunningGateway> {
  const supergraphPath = writeFakeSupergraph();
  const removeDir = () => fs.rmSync(path.dirname(supergraphPath), { recursive: true, force: true });
  try {
    // Stand-in subgraphs carry no labels: these tests are about the transport, not the policy.
    const gateway = await startGateway({ openAccess: true, ...overrides, port: 0, supergraphPath, subgraphUrls: urls });
    return {
      ...gateway,
      async close() {
        await gateway.close();
        removeDir();
      },
    };
  } catch (err) {
    removeDir();
    throw err;
  }
}
