import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { seedAll, seededSubgraphs, type SeedOptions, type SeedReport } from './seedAll';
import { WORLD_DEFAULTS } from './world';

export interface SeedWorkerData {
  dataDir: string;
  households: number;
  seed: number;
}
export type SeedWorkerTask = { kind: 'seed'; agency: string } | { kind: 'stop' };
export type SeedWorkerReply = { kind: 'ready' } | { kind: 'seeded'; agency: string; file: string } | { kind: 'failed'; agency: string; message: string };

/**
 * Below this many households a thread's start-up (1–2 s under tsx) costs more than it
 * saves, so the default is one thread; from here on, one per core.
 */
export const PARALLEL_FROM_HOUSEHOLDS = 10_000;

/** Threads that seed at once; default: see PARALLEL_FROM_HOUSEHOLDS, never more than there are agencies. */
export type ParallelSeedOptions = Partial<SeedOptions> & Pick<SeedOptions, 'dataDir'> & { threads?: number };

/**
 * `seedAll` with the agencies' databases written by worker threads at once, each thread
 * taking the next agency when it is done (the databases are separate files, so nothing is
 * shared but the generated world, which each thread makes for itself from the seed). The
 * same files as `seedAll` (the generated world is not returned: generate it again if needed).
 */
export async function seedInParallel(options: ParallelSeedOptions): Promise<Omit<SeedReport, 'world'>> {
  const started = Date.now();
  const households = options.households ?? WORLD_DEFAULTS.households;
  const seed = options.seed ?? WORLD_DEFAULTS.seed;
  const queue = seededSubgraphs(options.agencies).map((subgraph) => subgraph.name);
  const threads = Math.min(options.threads ?? (households >= PARALLEL_FROM_HOUSEHOLDS ? os.availableParallelism() : 1), queue.length);
  if (threads <= 1) {
    const { files, millis } = seedAll({ ...options, households, seed });
    return { files, millis };
  }

  const files: string[] = [];
  const failures: string[] = [];
  const data: SeedWorkerData = { dataDir: options.dataDir, households, seed };
  // Compiled, this file is .js beside seedWorker.js. Under tsx both are .ts, and a worker
  // thread does not inherit tsx's loader: it registers tsx's CommonJS hook first.
  const workerFile = path.join(__dirname, `seedWorker${path.extname(__filename)}`);
  const startWorker = () =>
    workerFile.endsWith('.ts')
      ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(workerFile)});`, { eval: true, workerData: data })
      : new Worker(workerFile, { workerData: data });
  const runThread = () =>
    new Promise<void>((resolve, reject) => {
      const worker = startWorker();
      const next = () => {
        const agency = failures.length === 0 ? queue.shift() : undefined;
        worker.postMessage(agency ? { kind: 'seed', agency } : { kind: 'stop' });
      };
      worker.on('message', (message: SeedWorkerReply) => {
        if (message.kind === 'seeded') files.push(message.file);
        if (message.kind === 'failed') failures.push(`${message.agency}: ${message.message}`);
        next();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a seeding thread exited with code ${code}`))));
    });
  await Promise.all(Array.from({ length: threads }, runThread));
  if (failures.length > 0) throw new Error(`Seeding failed: ${failures.join('; ')}`);
  return { files, millis: Date.now() - started };
}
