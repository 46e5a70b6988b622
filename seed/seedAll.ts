import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { loadAgencyDefinition } from '../subgraphs/loadAgencyDefinition';
import { hostedSubgraphs, loadRegistry } from '../schema/SubgraphRegistry';
import { databaseFile } from '../subgraphs/kit/databaseFile';
import { migrate } from '../subgraphs/kit/migrate';
import { generateWorld, WORLD_DEFAULTS, type World } from './world';

export interface SeedOptions {
  dataDir: string;
  households: number;
  seed: number;
  /** Which hosted subgraphs to seed (default: every one the registry hosts that has a seed). */
  agencies?: readonly string[];
}

export interface SeedReport {
  world: World;
  files: string[];
  millis: number;
}

/**
 * (Re)writes every agency's database from one generated world. Each database is built in
 * a temporary file and renamed over the old one only when complete, so a failed or
 * interrupted seed leaves the existing data untouched.
 */
export function seedAll(options: Partial<SeedOptions> & Pick<SeedOptions, 'dataDir'>): SeedReport {
  const started = Date.now();
  const world = generateWorld({ households: options.households ?? WORLD_DEFAULTS.households, seed: options.seed ?? WORLD_DEFAULTS.seed });
  const files = seededSubgraphs(options.agencies).map(({ name }) => seedAgency(world, options.dataDir, name));
  return { world, files, millis: Date.now() - started };
}

/** Writes one agency's database from `world` (see `seedAll`); returns its file. */
export function seedAgency(world: World, dataDir: string, agency: string): string {
  const [subgraph] = seededSubgraphs([agency]);
  if (!subgraph) throw new Error(`No hosted subgraph "${agency}" with records to seed; see schema/subgraphs.yaml.`);
  const { definition, seed } = subgraph;
  fs.mkdirSync(dataDir, { recursive: true });
  const target = databaseFile(dataDir, agency);
  const temporary = `${target}.seeding-${process.pid}-${threadId}`;
  fs.rmSync(temporary, { force: true });
  const db = new Database(temporary);
  try {
    // Bulk load: no journal, no fsync per statement; the rename below is the commit.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    // A large page cache: indexes of a million-household world outgrow the default 2 MB many times over.
    db.pragma('cache_size = -524288');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('temp_store = MEMORY');
    migrate(db, path.join(definition.dir, 'migrations'));
    // Indexes are built once over the loaded rows (a sort) instead of row by row in random
    // order. A unique index the rows violate still fails the seed, only at the end.
    const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as Array<{ name: string; sql: string }>;
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
    db.transaction(() => seed(db, world))();
    for (const index of indexes) db.exec(index.sql);
    db.pragma('journal_mode = WAL');
    db.close();
  } catch (err) {
    db.close();
    fs.rmSync(temporary, { force: true });
    throw err;
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(temporary, target);
  return target;
}

/** The hosted subgraphs with records to seed (the audit subgraph has none), from the registry. */
export function seededSubgraphs(only?: readonly string[]) {
  return hostedSubgraphs(loadRegistry())
    .filter((entry) => !only || only.includes(entry.name))
    .map((entry) => ({ name: entry.name, definition: loadAgencyDefinition(entry) }))
    .flatMap(({ name, definition }) => (definition.seed ? [{ name, definition, seed: definition.seed }] : []));
}
