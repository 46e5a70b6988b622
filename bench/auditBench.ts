/**
 * `npm run bench:audit -- [--seconds S] [--in-flight N]`
 *
 * The audit-store comparison alone (bench/README.md, Audit stores): records/s of one and
 * two SQLite store instances on one file and of one and two PostgreSQL store instances on
 * one chain (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test;
 * a schema of its own, dropped after). Writes bench/results/audit.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseOptions } from './lib/args';
import { auditStoreTable, benchDatabaseUrl, compareAuditStores, POSTGRES_TWO_INSTANCE_GOAL } from './lib/auditStoreBench';
import { BenchRun, ROOT } from './lib/children';
import { machineInfo } from './lib/procfs';

const options = parseOptions('npm run bench:audit --', {
  seconds: { kind: 'number', default: 5, help: 'seconds of appends per run' },
  'in-flight': { kind: 'number', default: 256, help: 'appends outstanding per store instance' },
});

const started = Date.now();
const note = (message: string) => process.stderr.write(`bench:audit [${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);

async function main(): Promise<void> {
  const run = new BenchRun('huishoudview-bench-audit');
  let exitCode = 0;
  try {
    const comparison = await compareAuditStores(run, { seconds: options.seconds, inFlight: options['in-flight'], databaseUrl: benchDatabaseUrl() }, note);
    const two = comparison.rows.find((r) => r.store === 'postgres' && r.instances === 2);
    const targets = two ? { [`two PostgreSQL instances >= ${POSTGRES_TWO_INSTANCE_GOAL} records/s`]: two.recordsPerSecond >= POSTGRES_TWO_INSTANCE_GOAL } : {};
    const file = path.join(ROOT, 'bench', 'results', 'audit.json');
    fs.writeFileSync(file, `${JSON.stringify({ machine: machineInfo(), ...comparison, targets, totalSeconds: (Date.now() - started) / 1000 }, null, 2)}\n`);
    process.stdout.write(
      [
        '',
        'audit stores (closed loop, each instance its own process):',
        '',
        auditStoreTable(comparison.rows),
        '',
        ...(two ? Object.entries(targets).map(([name, met]) => `  ${met ? 'met    ' : 'NOT met'}  ${name}`) : [`  ${comparison.postgres}`]),
        '',
        `written to ${path.relative(process.cwd(), file)}`,
        '',
      ].join('\n'),
    );
    if (comparison.rows.some((r) => !r.chain.verified || r.failed > 0)) exitCode = 1;
  } catch (err) {
    if (run.interrupted) return;
    process.stderr.write(`bench:audit failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    exitCode = 1;
  } finally {
    await run.finish();
  }
  process.exit(exitCode);
}

void main();
