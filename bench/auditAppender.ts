/**
 * One audit store instance under closed-loop load, as its own process (a child of
 * `bench/lib/auditStoreBench.ts`): keeps BENCH_AUDIT_IN_FLIGHT appends outstanding for
 * BENCH_AUDIT_SECONDS from BENCH_AUDIT_START_AT (so both instances start together), then
 * writes its counts and latencies as JSON to BENCH_AUDIT_OUT.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { AuditStore } from '../audit/AuditStore';
import { PostgresAuditStore } from '../audit/postgres/PostgresAuditStore';
import { SqliteAuditStore, type GroupCommitStats } from '../audit/SqliteAuditStore';
import { auditRecordSample } from './lib/auditRecordSample';
import { summarize } from './lib/measure';

export interface AppenderResult {
  instance: string;
  appended: number;
  failed: number;
  seconds: number;
  startedAt: number;
  endedAt: number;
  stats: GroupCommitStats;
  latencyMs: ReturnType<typeof summarize>;
  cpuSeconds: number;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const kind = required('BENCH_AUDIT_STORE');
  const target = required('BENCH_AUDIT_TARGET');
  const seconds = Number(required('BENCH_AUDIT_SECONDS'));
  const inFlight = Number(required('BENCH_AUDIT_IN_FLIGHT'));
  const startAt = Number(required('BENCH_AUDIT_START_AT'));
  const instance = `${os.hostname()}:${process.pid}`;
  const store: AuditStore & { stats(): GroupCommitStats } = kind === 'postgres' ? await PostgresAuditStore.open({ url: target, migrate: false }) : new SqliteAuditStore({ file: target });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
  const latencies: number[] = [];
  let n = 0;
  let failed = 0;
  const cpuBefore = process.cpuUsage();
  const startedAt = Date.now();
  const deadline = startedAt + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const t0 = performance.now();
      try {
        await store.append(auditRecordSample(n++, instance));
        latencies.push(performance.now() - t0);
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const endedAt = Date.now();
  const cpu = process.cpuUsage(cpuBefore);
  const stats = store.stats();
  await store.close();
  const result: AppenderResult = {
    instance,
    appended: latencies.length,
    failed,
    seconds: (endedAt - startedAt) / 1000,
    startedAt,
    endedAt,
    stats,
    latencyMs: summarize(latencies),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  fs.writeFileSync(required('BENCH_AUDIT_OUT'), JSON.stringify(result));
}

main().catch((err: unknown) => {
  process.stderr.write(`auditAppender: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
