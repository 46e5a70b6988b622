import path from 'node:path';
import Database from 'better-sqlite3';
import type { AccessRecord } from '../../audit/AuditRecord';
import { recordHash } from '../../audit/canonicalRecord';
import { recordToRow, rowToRecord, type RecordRow } from '../../audit/recordRow';
import { runScript } from '../audit/runScript';
import { DEMO } from '../harness/callers';
import { askTraced, maxSeq, recordCount } from '../harness/auditTrail';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Tamper evidence on the live system (issue 4, item 3): while the gateway runs, someone
 * with the file drops the append-only triggers (as with the sqlite3 CLI) and edits,
 * deletes or reorders rows. `npm run audit:verify` and `auditChain` (privacy officer,
 * through the gateway) both name the first broken seq. Each case then puts the rows back
 * exactly as they were, and both verify again: so it was the tampering they caught.
 */

let system: RunningSystem;
let file: string;
beforeAll(async () => {
  system = await startSystem({ households: 3 });
  file = path.join(system.dataDir, 'audit.sqlite');
});
afterAll(() => system.close());

interface Chain {
  verified: boolean;
  records: number;
  firstBrokenSeq: number | null;
  reason: string | null;
  lastSeq: number | null;
}

/** `auditChain` as the privacy officer, through the gateway. */
async function auditChain(): Promise<Chain> {
  const answer = await askTraced(system.gatewayUrl, DEMO.privacy, '{ auditChain { verified records firstBrokenSeq reason lastSeq } }');
  expect(answer.body.errors).toBeUndefined();
  return (answer.body.data as { auditChain: Chain }).auditChain;
}

/** Six reads of H-0001: fresh records with subjects, and later records after each target. */
async function someRequests(): Promise<void> {
  for (let i = 0; i < 6; i += 1) {
    const answer = await askTraced(system.gatewayUrl, DEMO.regisseur, '{ household(id: "H-0001") { address { city } members { name } } }');
    expect(answer.status).toBe(200);
  }
}

interface SubjectRow {
  subject_id: string;
  record_seq: number;
  subject_type: string;
  labels: string;
}

/**
 * What someone with the file can do: drop the triggers, change rows. Returns the undo:
 * the rows of `seqs` and the triggers exactly as they were.
 */
function tamper(seqs: number[], change: (db: Database.Database) => void): () => void {
  const db = new Database(file);
  const marks = seqs.map(() => '?').join(', ');
  const records = db.prepare(`SELECT * FROM audit_records WHERE seq IN (${marks})`).all(...seqs) as RecordRow[];
  const subjects = db.prepare(`SELECT * FROM audit_subjects WHERE record_seq IN (${marks})`).all(...seqs) as SubjectRow[];
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string; sql: string }>;
  try {
    expect(triggers.length).toBeGreaterThan(0);
    for (const { name } of triggers) db.exec(`DROP TRIGGER "${name}"`);
    change(db);
  } finally {
    db.close();
  }
  return () => {
    const undo = new Database(file);
    try {
      undo.transaction(() => {
        undo.prepare(`DELETE FROM audit_records WHERE seq IN (${marks}) OR seq >= 1000000`).run(...seqs);
        undo.prepare(`DELETE FROM audit_subjects WHERE record_seq IN (${marks})`).run(...seqs);
        for (const row of records) insertRecord(undo, row);
        for (const row of subjects) undo.prepare('INSERT INTO audit_subjects (subject_id, record_seq, subject_type, labels) VALUES (@subject_id, @record_seq, @subject_type, @labels)').run(row);
        for (const { sql } of triggers) undo.exec(sql);
      })();
    } finally {
      undo.close();
    }
  };
}

function insertRecord(db: Database.Database, row: RecordRow): void {
  const columns = Object.keys(row);
  db.prepare(`INSERT INTO audit_records (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
}

function rowAt(db: Database.Database, seq: number): RecordRow {
  return db.prepare('SELECT * FROM audit_records WHERE seq = ?').get(seq) as RecordRow;
}

test('untampered: audit:verify and auditChain agree with the file (verified, records = count)', async () => {
  await someRequests();
  const count = recordCount(file);
  expect(await auditChain()).toMatchObject({ verified: true, records: count, firstBrokenSeq: null, lastSeq: count });
  const cli = runScript('auditVerify.ts', ['--file', file]);
  expect(cli.status).toBe(0);
  expect(cli.stdout).toMatch(new RegExp(`^audit chain verified: ${count + 1} records \\(seq 1\\.\\.${count + 1}, last hash [0-9a-f]{64}\\)\\n$`));
});

describe('tampering with audit.sqlite while the gateway runs', () => {
  // target: a record with three newer ones behind it.
  test.each<[string, (target: number) => number[], (db: Database.Database, target: number) => void, (target: number) => number, RegExp]>([
    ['editing who it was (actor_sub)', (t) => [t], (db, t) => db.prepare("UPDATE audit_records SET actor_sub = 'u-someone-else' WHERE seq = ?").run(t), (t) => t, /edited/],
    ['editing the outcome', (t) => [t], (db, t) => db.prepare("UPDATE audit_records SET outcome = 'FORBIDDEN' WHERE seq = ?").run(t), (t) => t, /edited/],
    ['removing a subject from the record', (t) => [t], (db, t) => db.prepare("UPDATE audit_records SET subjects = json_remove(subjects, '$[1]') WHERE seq = ?").run(t), (t) => t, /edited|subject index/],
    [
      'editing a record and recomputing its hash',
      (t) => [t],
      (db, t) => {
        const record = { ...rowToRecord(rowAt(db, t)), actor: { sub: 'u-forger', org: 'gemeente', role: 'regisseur' } } as AccessRecord;
        db.prepare('DELETE FROM audit_records WHERE seq = ?').run(t);
        insertRecord(db, recordToRow({ ...record, hash: recordHash(record) }));
      },
      (t) => t + 1,
      /prevHash of record/,
    ],
    ['deleting a row', (t) => [t], (db, t) => db.prepare('DELETE FROM audit_records WHERE seq = ?').run(t), (t) => t, /missing/],
    [
      'reordering two rows (swapping their seqs)',
      (t) => [t, t + 1],
      (db, t) => {
        db.prepare('UPDATE audit_records SET seq = 1000000 WHERE seq = ?').run(t);
        db.prepare('UPDATE audit_records SET seq = ? WHERE seq = ?').run(t, t + 1);
        db.prepare('UPDATE audit_records SET seq = ? WHERE seq = 1000000').run(t + 1);
      },
      (t) => t,
      /does not match its hash/,
    ],
    ['removing a subject index row (hides the access from the citizen)', (t) => [t], (db, t) => db.prepare("DELETE FROM audit_subjects WHERE record_seq = ? AND subject_id = 'P-0001'").run(t), (t) => t, /subject index/],
  ])('%s → audit:verify exits 1 naming the seq; auditChain says verified false there', async (_name, seqs, change, broken, reason) => {
    await someRequests();
    const target = maxSeq(file) - 3;
    const brokenSeq = broken(target);
    const undo = tamper(seqs(target), (db) => change(db, target));
    try {
      const cli = runScript('auditVerify.ts', ['--file', file]);
      expect(cli.status).toBe(1);
      expect(cli.stdout).toContain(`audit chain BROKEN at seq ${brokenSeq}:`);
      expect(cli.stdout).toMatch(reason);

      const chain = await auditChain();
      expect(chain).toMatchObject({ verified: false, firstBrokenSeq: brokenSeq, records: brokenSeq - 1 });
      expect(chain.reason).toMatch(reason);
    } finally {
      undo();
    }
    // Put back exactly as it was, the chain verifies again: the break was the tampering.
    const count = recordCount(file);
    expect(await auditChain()).toMatchObject({ verified: true, firstBrokenSeq: null, records: count });
  });

  test('cutting off the newest record: the file alone still verifies, but the running gateway notices and fails closed until it is back', async () => {
    await someRequests();
    const newest = maxSeq(file);
    const undo = tamper([newest], (db) => db.prepare('DELETE FROM audit_records WHERE seq = ?').run(newest));
    let restored = false;
    try {
      // A plain hash chain cannot see a cut tail (audit/README.md, Limits)…
      expect(runScript('auditVerify.ts', ['--file', file]).stdout).toContain(`audit chain verified: ${newest - 1} records`);
      // …but the store remembers what it committed last and refuses to continue a shorter chain.
      const answer = await askTraced(system.gatewayUrl, DEMO.regisseur, '{ household(id: "H-0001") { address { city } } }');
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'AUDIT_UNAVAILABLE' } })] });
      // Readiness must say so too, or a load balancer keeps sending traffic that is all refused.
      const ready = await fetch(`${system.gatewayOrigin}/ready`);
      const readyLater = await new Promise<Response>((resolve) => setTimeout(() => resolve(fetch(`${system.gatewayOrigin}/ready`)), 1100));
      const stillRefused = await askTraced(system.gatewayUrl, DEMO.regisseur, '{ household(id: "H-0001") { address { city } } }');
      expect(stillRefused.status).toBe(503);

      undo();
      restored = true;
      // The newest record is back: the store continues the chain.
      const again = await askTraced(system.gatewayUrl, DEMO.regisseur, '{ household(id: "H-0001") { address { city } } }');
      expect(again.status).toBe(200);
      expect((await fetch(`${system.gatewayOrigin}/ready`)).status).toBe(200);
      expect(maxSeq(file)).toBe(newest + 1);
      expect(runScript('auditVerify.ts', ['--file', file]).status).toBe(0);

      expect([ready.status, readyLater.status]).toEqual([503, 503]);
      expect(await ready.json()).toMatchObject({ failing: ['audit-store'] });
    } finally {
      if (!restored) undo();
    }
  });

  test('after all that, the file verifies end to end with the CLI', () => {
    const cli = runScript('auditVerify.ts', ['--file', file]);
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain(`audit chain verified: ${recordCount(file)} records`);
  });
});
