import path from 'node:path';
import { hostedSubgraphs, routingPort, type SubgraphRegistry } from '../../schema/SubgraphRegistry';
import { SUPERGRAPH_FILE } from '../../schema/supergraphFile';
import { DEFAULT_BACKOFF, type BackoffOptions } from './RestartBackoff';

/** Where `npm start` puts everything; every value can be set from the environment. */
export interface SystemLayout {
  root: string;
  /** `DATA_DIR`, default `<project>/data`. */
  dataDir: string;
  host: string;
  /** `PORT`, default 4000. */
  gatewayPort: number;
  /** `SUBGRAPH_PORT_BASE`: hosted subgraph i of the registry gets base + i; unset: the port of its routing URL. */
  subgraphPorts: Record<string, number>;
  /** `SUPERGRAPH_PATH`, default `schema/supergraph.graphql`. */
  supergraphPath: string;
  /** `STOP_GRACE_MS`: how long children get after SIGTERM before SIGKILL (default 5000). */
  stopGraceMs: number;
  /** `STARTUP_TIMEOUT_MS`: how long a component may take to answer (default 60000). */
  startupTimeoutMs: number;
  /** `RESTART_BACKOFF_MS`, `RESTART_BACKOFF_MAX_MS`: waits before restarting a component that died. */
  restartBackoff: BackoffOptions;
  /** `METRICS_PORT`: the gateway's metrics listener; hosted subgraph i gets base + 1 + i. Unset: each serves /metrics as it would alone. */
  metricsPortBase?: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new Error(`${name} must be a whole number between 0 and ${max}, not "${raw}".`);
  return value;
}

export function systemLayout(root: string, registry: SubgraphRegistry, env: NodeJS.ProcessEnv = process.env): SystemLayout {
  const hosted = hostedSubgraphs(registry);
  const base = env.SUBGRAPH_PORT_BASE ? integer(env, 'SUBGRAPH_PORT_BASE', 0, 65535 - hosted.length) : undefined;
  const subgraphPorts = Object.fromEntries(hosted.map((entry, index) => [entry.name, base === undefined ? routingPort(entry) : base + index]));
  return {
    root,
    dataDir: path.resolve(env.DATA_DIR ?? path.join(root, 'data')),
    host: env.HOST ?? '127.0.0.1',
    gatewayPort: integer(env, 'PORT', 4000, 65535),
    subgraphPorts,
    supergraphPath: env.SUPERGRAPH_PATH ? path.resolve(env.SUPERGRAPH_PATH) : SUPERGRAPH_FILE,
    stopGraceMs: integer(env, 'STOP_GRACE_MS', 5000),
    startupTimeoutMs: integer(env, 'STARTUP_TIMEOUT_MS', 60_000),
    ...(env.METRICS_PORT ? { metricsPortBase: integer(env, 'METRICS_PORT', 0, 65535 - hosted.length - 1) } : {}),
    restartBackoff: {
      ...DEFAULT_BACKOFF,
      initialMs: integer(env, 'RESTART_BACKOFF_MS', DEFAULT_BACKOFF.initialMs),
      maxMs: integer(env, 'RESTART_BACKOFF_MAX_MS', DEFAULT_BACKOFF.maxMs),
    },
  };
}
