/**
 * npm run seed -- [--households N] [--seed S] [--data-dir DIR]
 * (Re)writes every agency's SQLite database with deterministic demo data: H-0001 as
 * docs/domain.md tells it, plus generated households. Same N and seed, same data.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PARALLEL_FROM_HOUSEHOLDS, seedInParallel } from '../seed/seedInParallel';
import { WORLD_DEFAULTS } from '../seed/world';
import { PROJECT_ROOT } from '../platform/projectRoot';

const USAGE = `usage: npm run seed -- [--households N] [--seed S] [--data-dir DIR] [--threads T]
  --households N  households to generate, including the demo household H-0001 (1..1000000, default ${WORLD_DEFAULTS.households})
  --seed S        seed of the generator, a whole number (default ${WORLD_DEFAULTS.seed})
  --data-dir DIR  where the agencies' databases live (default $DATA_DIR or ./data)
  --threads T     agencies seeded at once, each in a worker thread (1..64; default one per core from ${PARALLEL_FROM_HOUSEHOLDS} households, else 1)`;

function fail(message: string): never {
  process.stderr.write(`seed: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a whole number, got "${value}"`);
  const parsed = Number(value);
  if (parsed < min || parsed > max) fail(`--${name} must be between ${min} and ${max}, got ${parsed}`);
  return parsed;
}

async function main(): Promise<void> {
  let values: { households?: string; seed?: string; 'data-dir'?: string; threads?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { households: { type: 'string' }, seed: { type: 'string' }, 'data-dir': { type: 'string' }, threads: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const households = wholeNumber('households', values.households, WORLD_DEFAULTS.households, 1, 1_000_000);
  const seed = wholeNumber('seed', values.seed, WORLD_DEFAULTS.seed, 0, 2 ** 32 - 1);
  const dataDir = path.resolve(values['data-dir'] ?? process.env.DATA_DIR ?? path.join(PROJECT_ROOT, 'data'));
  const threads = values.threads === undefined ? undefined : wholeNumber('threads', values.threads, 1, 1, 64);
  // The agencies' databases are separate files: several threads can write them at once.
  const report = await seedInParallel({ dataDir, households, seed, ...(threads !== undefined ? { threads } : {}) });
  process.stdout.write(`seeded ${households} households (seed ${seed}) into ${dataDir} in ${report.millis} ms\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`seed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
