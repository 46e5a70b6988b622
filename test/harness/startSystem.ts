import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGateway, type RunningGateway } from '../../gateway/startGateway';
import type { GatewayOverrides } from '../../gateway/config';
import { seedAll } from '../../seed/seedAll';
import { startHostedSubgraph } from '../../subgraphs/loadAgencyDefinition';
import type { RunningSubgraph } from '../../subgraphs/kit/startSubgraph';
import { hostedSubgraphs, loadRegistry } from '../../schema/SubgraphRegistry';

/** The subgraphs `npm start` runs (the registry's hosted ones), as the harness starts them. */
export const SUBGRAPHS: readonly string[] = hostedSubgraphs(loadRegistry()).map((s) => s.name);
export type SubgraphName = string;
import { writeComposedSupergraph } from './composedSupergraph';
import { graphqlRequest, type GraphQLAnswer } from './graphqlRequest';

export interface SystemOptions {
  /** Households in the generated world, H-0001 included (default 5: small and fast). */
  households?: number;
  /** Generator seed (default 1, the demo world). */
  seed?: number;
  /** Extra gateway options (hooks, readiness checks, timeout); URLs and port are set here. */
  gateway?: Omit<GatewayOverrides, 'subgraphUrls' | 'port' | 'supergraphPath' | 'dataDir'>;
}

export interface RunningSystem {
  /** `http://127.0.0.1:<port>/graphql` of the gateway. */
  gatewayUrl: string;
  /** `http://127.0.0.1:<port>`, for supertest and `/health`, `/ready`. */
  gatewayOrigin: string;
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** The temporary directory with the agencies' SQLite files and the supergraph. */
  dataDir: string;
  /** One GraphQL request to the gateway. */
  query<TData = Record<string, unknown>>(
    query: string,
    options?: { variables?: Record<string, unknown>; headers?: Record<string, string> },
  ): Promise<GraphQLAnswer<TData>>;
  /** Stops one agency's subgraph (to test the gateway without it). */
  stopAgency(agency: SubgraphName): Promise<void>;
  /** Stops everything and removes the temporary directory (safe to call twice). */
  close(): Promise<void>;
}

/**
 * The whole system in this process, on free ports, over a freshly seeded temporary data
 * directory: the six subgraphs and the gateway, as `npm start` runs them, but fast to
 * start and stop. Always `await system.close()` (in `afterAll`).
 */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'household-system-'));
  const started: RunningSubgraph[] = [];
  const stopped = new Set<string>();
  let gateway: RunningGateway | undefined;

  let closing: Promise<void> | undefined;
  const stopAll = (): Promise<void> =>
    (closing ??= (async () => {
      await gateway?.close();
      await Promise.all(started.filter((s) => !stopped.has(s.name)).map((s) => s.close()));
      fs.rmSync(dataDir, { recursive: true, force: true });
    })());

  try {
    seedAll({ dataDir, households: options.households ?? 5, seed: options.seed ?? 1 });
    const supergraphPath = writeComposedSupergraph(dataDir);
    const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
    await Promise.all(
      hostedSubgraphs(loadRegistry()).map(async (entry) => {
        const agency = entry.name;
        const subgraph = await startHostedSubgraph(entry, { port: 0, dataDir });
        started.push(subgraph);
        subgraphs[agency] = subgraph;
      }),
    );
    const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((agency) => [agency, subgraphs[agency]!.url]));
    gateway = await startGateway({ ...options.gateway, port: 0, supergraphPath, subgraphUrls, dataDir });
    const running = gateway;

    return {
      gatewayUrl: running.url,
      gatewayOrigin: new URL(running.url).origin,
      gateway: running,
      subgraphs,
      dataDir,
      query: (query, queryOptions) => graphqlRequest(running.url, query, queryOptions),
      async stopAgency(agency) {
        if (stopped.has(agency)) return;
        stopped.add(agency);
        await subgraphs[agency]!.close();
      },
      close: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
