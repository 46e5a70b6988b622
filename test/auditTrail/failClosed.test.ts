import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteAuditStore } from '../../audit/SqliteAuditStore';
import { runScript } from '../audit/runScript';
import { DEMO, type TestCaller } from '../harness/callers';
import { askTraced, maxSeq, recordCount, recordFor, type TracedAnswer } from '../harness/auditTrail';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Fail closed (issue 4, item 1; FSC logging): when the audit record cannot be written, the
 * request fails with AUDIT_UNAVAILABLE (HTTP 503) and no data, `/ready` turns false with
 * `audit-store` failing, and both recover when the store is back. We run as root, so
 * chmod proves nothing; these faults defeat root too: another connection holding the
 * write lock past the commit deadline (AUDIT_COMMIT_TIMEOUT_MS, 1 s here), and the file
 * removed or replaced under the running gateway.
 */

let system: RunningSystem;
let file: string;
beforeAll(async () => {
  system = await startSystem({ households: 3, gateway: { auditCommitTimeoutMs: STORE_LOCK_WAIT_MS } });
  file = path.join(system.dataDir, 'audit.sqlite');
});
afterAll(() => system.close());

const STORE_LOCK_WAIT_MS = 1000;
const HOUSEHOLD = '{ household(id: "H-0001") { address { street city } members { name birthDate } } }';
/** Personal data of H-0001 that a refused answer must not carry. */
const H0001_VALUES = /Spui|Den Haag|Samira|Noah|Lina|de Vries|1989-04-12/;

/** Requests of every kind that would otherwise return data: a professional, the privacy officer, a citizen. */
const KINDS: Array<[string, TestCaller, string]> = [
  ['the coordinator reading H-0001', DEMO.regisseur, HOUSEHOLD],
  ['the privacy officer reading the log', DEMO.privacy, '{ accessLog(first: 5) { edges { node { seq actor { sub } subjects } } } }'],
  ['a citizen reading their access report', DEMO.burger, '{ myAccessLog { at org role purpose labels } }'],
];

function askAll(): Promise<TracedAnswer[]> {
  return Promise.all(KINDS.map(([, caller, query]) => askTraced(system.gatewayUrl, caller, query)));
}

async function ready(): Promise<{ status: number; body: { status: string; failing?: string[] } }> {
  const response = await fetch(`${system.gatewayOrigin}/ready`);
  return { status: response.status, body: (await response.json()) as { status: string; failing?: string[] } };
}

/** AUDIT_UNAVAILABLE, 503, the one error and nothing else: no data, no personal data. */
function expectAuditUnavailable(answer: TracedAnswer): void {
  expect(answer.status).toBe(503);
  expect(answer.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'AUDIT_UNAVAILABLE' } }] });
  expect(answer.body.errors![0]!.message).toMatch(/could not be recorded/);
  expect(JSON.stringify(answer.body)).not.toMatch(H0001_VALUES);
  expect(JSON.stringify(answer.body)).not.toMatch(/u-regisseur|u-privacy|P-000|SQLITE|audit\.sqlite/);
}

function expectAnswered(answers: TracedAnswer[]): void {
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(recordFor(file, answer.traceId).outcome).toBe('OK');
  }
}

/** A consistent copy through SQLite's backup API (it includes what is still in the WAL). */
async function backup(): Promise<string> {
  const copy = path.join(system.dataDir, `audit-backup-${Date.now()}.sqlite`);
  const db = new Database(file, { readonly: true });
  try {
    await db.backup(copy);
  } finally {
    db.close();
  }
  return copy;
}

function removeAuditFile(): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

function restore(copy: string): void {
  removeAuditFile();
  fs.copyFileSync(copy, file);
}

test('control: with the store writable, every kind of request is answered and recorded, and /ready is 200', async () => {
  expectAnswered(await askAll());
  expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
});

test('another connection holds the write lock past lockWaitMs: AUDIT_UNAVAILABLE, /ready 503; recovery when released', async () => {
  expectAnswered(await askAll());
  const count = recordCount(file);
  const locker = new Database(file);
  let released = false;
  try {
    locker.exec('BEGIN EXCLUSIVE');
    // A short lock (a prune, a backup) does not take the gateway out of rotation at once.
    expect((await ready()).status).toBe(200);

    const started = Date.now();
    const refused = await askAll();
    // The store waited the lock out as long as it may, then refused.
    expect(Date.now() - started).toBeGreaterThanOrEqual(STORE_LOCK_WAIT_MS - 100);
    for (const answer of refused) expectAuditUnavailable(answer);
    expect(await ready()).toEqual({ status: 503, body: { status: 'not ready', failing: ['audit-store'] } });

    locker.exec('COMMIT');
    released = true;
  } finally {
    if (!released) locker.exec('ROLLBACK');
    locker.close();
  }
  // Nothing was recorded for the refused requests, nothing was shown.
  expect(recordCount(file)).toBe(count);

  expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
  expectAnswered(await askAll());
  expect(recordCount(file)).toBe(count + KINDS.length);
  expect(runScript('auditVerify.ts', ['--file', file]).status).toBe(0);
});

describe('the audit file disappears under the running gateway', () => {
  test.each<[string, () => void]>([
    ['removed (with its WAL)', removeAuditFile],
    [
      'replaced by a fresh, empty audit file (a new chain would hide the loss)',
      () => {
        const fresh = path.join(system.dataDir, 'fresh.sqlite');
        SqliteAuditStore.ensureSchema(fresh);
        removeAuditFile();
        fs.renameSync(fresh, file);
      },
    ],
  ])('%s: AUDIT_UNAVAILABLE and /ready 503 until the operator restores it, then it continues the chain', async (_name, fault) => {
    expectAnswered(await askAll());
    const copy = await backup();
    const lastSeq = maxSeq(file);

    fault();
    for (const answer of await askAll()) expectAuditUnavailable(answer);
    expect(await ready()).toEqual({ status: 503, body: { status: 'not ready', failing: ['audit-store'] } });
    // Nothing recreated or appended behind the operator's back.
    expect(fs.existsSync(file) ? maxSeq(file) : 0).toBe(0);

    restore(copy);
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
    const answers = await askAll();
    expectAnswered(answers);
    expect(answers.map((a) => recordFor(file, a.traceId).seq).sort()).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3]);
    expect(runScript('auditVerify.ts', ['--file', file]).status).toBe(0);
  });

  // Runs after the restores above.
  test('after a restore, the privacy officer reviews the restored file, not the removed one', async () => {
    await askTraced(system.gatewayUrl, DEMO.regisseur, HOUSEHOLD);
    const count = recordCount(file);
    const newest = maxSeq(file);
    const chain = await askTraced(system.gatewayUrl, DEMO.privacy, '{ auditChain { verified records lastSeq } }');
    expect(chain.body).toEqual({ data: { auditChain: { verified: true, records: count, lastSeq: newest } }, extensions: expect.anything() });
    const log = await askTraced(system.gatewayUrl, DEMO.privacy, '{ accessLog(first: 1) { edges { node { seq traceId } } } }');
    expect(log.body.data).toEqual({ accessLog: { edges: [{ node: { seq: newest + 1, traceId: chain.traceId } }] } });
  });
});
