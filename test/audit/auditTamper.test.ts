import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AccessRecord } from '../../audit/AuditRecord';
import { recordHash } from '../../audit/canonicalRecord';
import { recordToRow, RECORD_COLUMNS, rowToRecord, type RecordRow } from '../../audit/recordRow';
import { SqliteAuditStore } from '../../audit/SqliteAuditStore';
import { sampleInput, subjectsOf, tempDir } from './auditFixtures';
import { runScript } from './runScript';

const RECORDS = 10;
let dir: string;
let file: string;

/** 10 genuine records, store closed: what an attacker with the file would find. */
async function writeLog(): Promise<AccessRecord[]> {
  const store = new SqliteAuditStore({ file });
  const records = await Promise.all(Array.from({ length: RECORDS }, (_, i) => store.append(sampleInput({ subjects: subjectsOf({ households: ['H-0001'], persons: [`P-000${(i % 3) + 1}`] }) }, i + 1))));
  await store.close();
  return records;
}

/**
 * What someone with the file and the sqlite3 CLI can do: drop the append-only triggers
 * and change rows at will. Tampering cannot be prevented at that level, only detected.
 */
function tamper(change: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>;
    for (const { name } of triggers) db.exec(`DROP TRIGGER "${name}"`);
    change(db);
  } finally {
    db.close();
  }
}

function row(db: Database.Database, seq: number): RecordRow {
  return db.prepare(`SELECT ${RECORD_COLUMNS.join(', ')} FROM audit_records WHERE seq = ?`).get(seq) as RecordRow;
}

function insert(db: Database.Database, values: RecordRow): void {
  db.prepare(`INSERT INTO audit_records (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map((c) => `@${c}`).join(', ')})`).run(values);
}

beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 'audit.sqlite');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('tampering with the file directly is detected', () => {
  test.each<[string, (db: Database.Database, records: AccessRecord[]) => void, number, RegExp]>([
    ['editing a field', (db) => db.prepare("UPDATE audit_records SET actor_sub = 'u-someone-else' WHERE seq = 4").run(), 4, /record 4 does not match its hash: it was edited/],
    ['editing a JSON column', (db) => db.prepare('UPDATE audit_records SET fields_returned = ? WHERE seq = 6').run('[]'), 6, /edited/],
    ['editing the time', (db) => db.prepare("UPDATE audit_records SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 2").run(), 2, /edited/],
    ['turning an access into a checkpoint', (db) => db.prepare("UPDATE audit_records SET kind = 'checkpoint' WHERE seq = 5").run(), 5, /edited/],
    [
      'editing a record and recomputing its hash',
      (db) => {
        const record = { ...rowToRecord(row(db, 4)), outcome: 'FORBIDDEN' } as AccessRecord;
        db.prepare('DELETE FROM audit_records WHERE seq = 4').run();
        insert(db, recordToRow({ ...record, hash: recordHash(record) }));
      },
      5,
      /prevHash of record 5 does not match the hash of record 4/,
    ],
    ['deleting a row', (db) => db.prepare('DELETE FROM audit_records WHERE seq = 4').run(), 4, /record 4 is missing: seq 5 follows 3/],
    ['deleting several rows', (db) => db.prepare('DELETE FROM audit_records WHERE seq BETWEEN 4 AND 6').run(), 4, /records 4\.\.6 are missing/],
    ['deleting the oldest rows', (db) => db.prepare('DELETE FROM audit_records WHERE seq <= 2').run(), 3, /records 1\.\.2 are missing and no checkpoint accounts for them/],
    [
      'inserting a forged record at the end',
      (db) => insert(db, { ...row(db, RECORDS), seq: RECORDS + 1, actor_sub: 'u-forger' }),
      RECORDS + 1,
      /edited/,
    ],
    [
      'replacing a record with a forged one chained to its predecessor',
      (db, records) => {
        const forged = { ...records[3]!, actor: { sub: 'u-forger', org: 'gemeente', role: 'regisseur' } };
        db.prepare('DELETE FROM audit_records WHERE seq = 4').run();
        insert(db, recordToRow({ ...forged, hash: recordHash(forged) }));
      },
      5,
      /prevHash of record 5/,
    ],
    [
      'swapping two rows (reordering)',
      (db) => {
        db.prepare('UPDATE audit_records SET seq = 1000 WHERE seq = 4').run();
        db.prepare('UPDATE audit_records SET seq = 4 WHERE seq = 5').run();
        db.prepare('UPDATE audit_records SET seq = 5 WHERE seq = 1000').run();
      },
      4,
      /record 4 does not match its hash/,
    ],
    ['removing a subject index row (hides the access from the citizen)', (db) => db.prepare("DELETE FROM audit_subjects WHERE record_seq = 7 AND subject_id = 'H-0001'").run(), 7, /subject index of record 7/],
    ['widening a subject\'s labels in the index (what the citizen sees)', (db) => db.prepare("UPDATE audit_subjects SET labels = '[\"special-safety\"]' WHERE record_seq = 5 AND subject_id = 'P-0002'").run(), 5, /subject index of record 5/],
    ['adding a subject index row', (db) => db.prepare("INSERT INTO audit_subjects VALUES ('P-0099', 3, 'Person', '[]')").run(), 3, /subject index of record 3/],
  ])('%s', async (_name, change, brokenSeq, reason) => {
    const records = await writeLog();
    tamper((db) => change(db, records));

    const store = new SqliteAuditStore({ file });
    try {
      const result = await store.verifyChain();
      expect(result).toMatchObject({ verified: false, firstBrokenSeq: brokenSeq });
      expect(result.reason).toMatch(reason);
      expect(result.records).toBe(brokenSeq - 1 - (result.firstSeq ?? 1) + 1);
    } finally {
      await store.close();
    }

    const cli = runScript('auditVerify.ts', ['--file', file]);
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain(`audit chain BROKEN at seq ${brokenSeq}:`);
    expect(cli.stdout).toMatch(reason);
  });

  test('the CLI prints how many records verify and exits 0 on an intact chain', async () => {
    const records = await writeLog();
    const cli = runScript('auditVerify.ts', ['--file', file]);
    expect(cli).toMatchObject({ status: 0 });
    expect(cli.stdout).toBe(`audit chain verified: ${RECORDS} records (seq 1..${RECORDS}, last hash ${records.at(-1)!.hash})\n`);
  });

  test('the CLI defaults to <DATA_DIR>/audit.sqlite and exits 2 when there is none', async () => {
    await writeLog();
    expect(runScript('auditVerify.ts', [], { DATA_DIR: dir }).status).toBe(0);
    const missing = runScript('auditVerify.ts', [], { DATA_DIR: path.join(dir, 'nowhere') });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
  });

  test('a cut-off tail is caught by the store that wrote it, not by the file alone (keep lastHash elsewhere)', async () => {
    const store = new SqliteAuditStore({ file });
    for (let i = 1; i <= 5; i += 1) await store.append(sampleInput({}, i));
    tamper((db) => db.prepare('DELETE FROM audit_records WHERE seq = 5').run());
    expect(await store.verifyChain()).toMatchObject({ verified: false, firstBrokenSeq: 5, reason: expect.stringMatching(/tail was cut off/) });
    // And it refuses to continue a chain that lost an acknowledged record.
    await expect(store.append(sampleInput({}, 6))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', reason: 'diverged' });
    await store.close();
    // The file alone still verifies: this is what an external copy of lastHash is for.
    expect(runScript('auditVerify.ts', ['--file', file]).stdout).toMatch(/verified: 4 records/);
  });
});

describe('the append-only triggers', () => {
  test.each<[string, string]>([
    ['UPDATE a record', "UPDATE audit_records SET outcome = 'OK' WHERE seq = 2"],
    ['DELETE a record', 'DELETE FROM audit_records WHERE seq = 2'],
    ['DELETE all records', 'DELETE FROM audit_records'],
    ['UPDATE a subject row', "UPDATE audit_subjects SET subject_id = 'P-0099'"],
    ['DELETE a subject row', 'DELETE FROM audit_subjects'],
    ['INSERT OR REPLACE an existing seq', "INSERT OR REPLACE INTO audit_records (seq, format, kind, at, prev_hash, hash) VALUES (2, 1, 'access', 'x', 'x', 'x')"],
    ['INSERT beyond the next seq', "INSERT INTO audit_records (seq, format, kind, at, prev_hash, hash) VALUES (99, 1, 'access', 'x', 'x', 'x')"],
    ['INSERT a subject row for an older record', "INSERT INTO audit_subjects VALUES ('P-0099', 1, 'Person', '[]')"],
    ['DELETE the control row', 'DELETE FROM audit_control'],
  ])('refuse to %s through a normal connection', async (_name, sql) => {
    await writeLog();
    const db = new Database(file);
    try {
      expect(() => db.exec(sql)).toThrow(/append-only|newest record|exactly one row/);
    } finally {
      db.close();
    }
    const store = new SqliteAuditStore({ file });
    expect(await store.verifyChain()).toMatchObject({ verified: true, records: RECORDS });
    await store.close();
  });
});
