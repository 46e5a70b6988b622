import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteAuditStore } from '../../audit/SqliteAuditStore';
import { AuditRecordError } from '../../audit/AuditRecordError';
import { sampleInput, subjectsOf, tempDir } from '../audit/auditFixtures';

/*
 * Audit record format 3 (migration 003): the break-glass justification and the review
 * verdict are hashed with the record, bounded, and checked before anything is written.
 */

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir('hv-audit3-');
  file = path.join(dir, 'audit.sqlite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const JUSTIFICATION = 'Acute melding van de politie, kinderen in gevaar';
const breakGlassInput = (n: number) => sampleInput({ outcome: 'BREAK_GLASS', breakGlass: { justification: JUSTIFICATION }, subjects: subjectsOf({ households: ['H-0001'] }) }, n);

async function writeLog(): Promise<void> {
  const store = new SqliteAuditStore({ file });
  await store.append(sampleInput({}, 1));
  const glass = await store.append(breakGlassInput(2));
  await store.append(sampleInput({ review: { recordSeq: glass.seq, verdict: 'NOT_JUSTIFIED', note: 'Geen acuut gevaar gebleken.' } }, 3));
  await store.close();
}

function tamper(sql: string): void {
  const db = new Database(file);
  try {
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>) db.exec(`DROP TRIGGER "${name}"`);
    db.exec(sql);
  } finally {
    db.close();
  }
}

test('a log with a break-glass record and its review verifies; both read back as written', async () => {
  await writeLog();
  const store = new SqliteAuditStore({ file });
  try {
    expect((await store.verifyChain()).verified).toBe(true);
    const page = await store.accessLog({}, 10, null);
    const [review, glass] = page.edges.map((e) => e.node);
    expect(glass).toMatchObject({ seq: 2, format: 3, outcome: 'BREAK_GLASS', breakGlass: { justification: JUSTIFICATION } });
    expect(review).toMatchObject({ seq: 3, review: { recordSeq: 2, verdict: 'NOT_JUSTIFIED', note: 'Geen acuut gevaar gebleken.' } });
  } finally {
    await store.close();
  }
});

test.each([
  ['editing the justification', "UPDATE audit_records SET break_glass_justification = 'Routinecontrole, niets aan de hand' WHERE seq = 2", 2],
  ['removing the justification', 'UPDATE audit_records SET break_glass_justification = NULL WHERE seq = 2', 2],
  ['turning the verdict around', `UPDATE audit_records SET review = '{"recordSeq":2,"verdict":"JUSTIFIED","note":"Geen acuut gevaar gebleken."}' WHERE seq = 3`, 3],
])('%s is detected by the chain', async (_name, sql, seq) => {
  await writeLog();
  tamper(sql);
  const store = new SqliteAuditStore({ file });
  try {
    const verification = await store.verifyChain();
    expect(verification.verified).toBe(false);
    expect(verification.firstBrokenSeq).toBe(seq);
  } finally {
    await store.close();
  }
});

test.each([
  ['a BREAK_GLASS record without justification', sampleInput({ outcome: 'BREAK_GLASS' }, 1), /breakGlass/],
  ['a justification of 19 characters', sampleInput({ outcome: 'BREAK_GLASS', breakGlass: { justification: 'x'.repeat(19) } }, 1), /breakGlass\.justification/],
  ['a justification of 501 characters', sampleInput({ outcome: 'BREAK_GLASS', breakGlass: { justification: 'x'.repeat(501) } }, 1), /breakGlass\.justification/],
  ['a justification over two lines', sampleInput({ outcome: 'BREAK_GLASS', breakGlass: { justification: 'Acute melding van de politie\nkinderen' } }, 1), /control characters/],
  ['a review of seq 0', sampleInput({ review: { recordSeq: 0, verdict: 'JUSTIFIED', note: 'ok' } }, 1), /review\.recordSeq/],
  ['an unknown verdict', sampleInput({ review: { recordSeq: 1, verdict: 'MAYBE' as 'JUSTIFIED', note: 'ok' } }, 1), /review\.verdict/],
])('%s is refused before anything is written', async (_name, input, field) => {
  const store = new SqliteAuditStore({ file });
  try {
    const error = await store.append(input).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AuditRecordError);
    expect(String(error)).toMatch(field);
    expect((await store.accessLog({}, 10, null)).edges).toHaveLength(0);
  } finally {
    await store.close();
  }
});
