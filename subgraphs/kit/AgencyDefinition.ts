import type Database from 'better-sqlite3';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { World } from '../../seed/world';
import type { SqlSession, Store } from './Store';
import { projectPath } from '../../platform/projectRoot';

/** What the gateway tells a subgraph about the caller (set once the policy layer signs it). */
export interface Caller {
  sub: string;
  org: string;
  role: string;
  purpose: string;
}

export interface SubgraphContext<TLoaders> {
  loaders: TLoaders;
  sql: SqlSession;
  caller: Caller | null;
  /**
   * What the answer held, set as it is sent, for the metrics: GraphQL errors (a 200 may carry
   * some). An object, because Apollo hands each operation a shallow copy of the context.
   */
  answer?: { graphqlErrors: number };
}

/**
 * Everything that makes one agency's subgraph; the kit does the rest (HTTP, Apollo,
 * SQLite, migrations, statement counting). `dir` holds `schema.graphql` and `migrations/`.
 */
export interface AgencyDefinition<TLoaders = unknown> {
  /** The subgraph's name in the registry (schema/subgraphs.yaml). */
  name: string;
  dir: string;
  /**
   * Opens the subgraph's store. Default: `<dataDir>/<name>.sqlite`, migrated from
   * `dir/migrations`. A subgraph over a database it does not own (the audit subgraph over
   * the gateway's audit log) opens it here instead, read-only.
   */
  openStore?(dataDir: string): Store;
  /** Per-request DataLoaders, so batching and caching never cross callers. */
  createLoaders(store: Store, sql: SqlSession): TLoaders;
  /** Resolvers; given the store for the rare root field that is not a keyed look-up. */
  createResolvers(store: Store): GraphQLResolverMap<SubgraphContext<TLoaders>>;
  /**
   * Plain JSON GET routes for the gateway's own look-ups (e.g. gemeente's need-to-know
   * answer), cheaper than a GraphQL round trip. The kit answers only a caller the gateway
   * signed for (401 otherwise) and counts the route's SQL like a GraphQL request's.
   */
  callerRoutes?(store: Store): Record<string, (caller: Caller, sql: SqlSession) => unknown>;
  /**
   * Runs before anything is opened or served; throwing stops the subgraph's start with that
   * message (e.g. a setting that names a database it cannot use). Absent: nothing to check.
   */
  checkBeforeServing?(dataDir: string): Promise<void>;
  /** Writes this agency's records for the generated world (inside one transaction); absent: nothing to seed. */
  seed?(db: Database.Database, world: World): void;
}

export function defineAgency<TLoaders>(definition: AgencyDefinition<TLoaders>): AgencyDefinition<TLoaders> {
  // Compiled, `dir` (the module's __dirname) is in dist/; its schema and migrations stay in the project.
  return { ...definition, dir: projectPath(definition.dir) };
}
