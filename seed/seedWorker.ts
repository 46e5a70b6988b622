import { parentPort, workerData } from 'node:worker_threads';
import { seedAgency } from './seedAll';
import { generateWorld } from './world';
import type { SeedWorkerData, SeedWorkerReply, SeedWorkerTask } from './seedInParallel';

/*
 * One seeding thread (seed/seedInParallel.ts): generates the world once (the same seed
 * gives the same world in every thread), then seeds one agency per task until told to stop.
 */
const port = parentPort;
if (!port) throw new Error('seed/seedWorker runs as a worker thread of seedInParallel');
const { dataDir, households, seed } = workerData as SeedWorkerData;
const world = generateWorld({ households, seed });
const reply = (message: SeedWorkerReply) => port.postMessage(message);
port.on('message', (task: SeedWorkerTask) => {
  if (task.kind === 'stop') {
    port.close();
    return;
  }
  try {
    reply({ kind: 'seeded', agency: task.agency, file: seedAgency(world, dataDir, task.agency) });
  } catch (err) {
    reply({ kind: 'failed', agency: task.agency, message: err instanceof Error ? err.message : String(err) });
  }
});
reply({ kind: 'ready' });
