/**
 * Child process for the crash test: appends with many records in flight, forever, and
 * prints `<seq> <traceId>` for each one the store acknowledged. The test kills it with
 * SIGKILL mid-way and checks every printed record survived.
 *
 *   node --import tsx test/audit/appendUnderLoad.ts <audit.sqlite | postgres://…> [inFlight]
 */
import type { AuditStore } from '../../audit/AuditStore';
import { PostgresAuditStore } from '../../audit/postgres/PostgresAuditStore';
import { SqliteAuditStore } from '../../audit/SqliteAuditStore';
import { sampleInput, subjectsOf } from './auditFixtures';

const [target, inFlightArg] = process.argv.slice(2);
if (!target) {
  process.stderr.write('usage: appendUnderLoad.ts <audit.sqlite | postgres://…> [inFlight]\n');
  process.exit(2);
}
const inFlight = Number(inFlightArg ?? 64);
let store: AuditStore;
let next = 1;

function one(): void {
  const n = next;
  next += 1;
  store.append(sampleInput({ subjects: subjectsOf({ households: [`H-${n}`], persons: [`P-${n}`] }) }, n)).then(
    (record) => {
      // Pipes are synchronous on Linux: once written, the parent will read it even after SIGKILL.
      process.stdout.write(`${record.seq} ${record.traceId}\n`);
      one();
    },
    (err: unknown) => {
      process.stderr.write(`append failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

async function main(): Promise<void> {
  store = target!.startsWith('postgres') ? await PostgresAuditStore.open({ url: target! }) : new SqliteAuditStore({ file: target! });
  for (let i = 0; i < inFlight; i += 1) one();
}

main().catch((err: unknown) => {
  process.stderr.write(`could not open the store: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
