import type { AuditPurpose } from '../../audit/AuditRecord';
import { AuditChainBrokenError } from '../../audit/AuditChainBrokenError';
import { retentionFromPolicy } from '../../audit/AuditRetention';
import { loadPolicy } from '../../policies/loadPolicy';
import { REGIE, sampleInput } from './auditFixtures';
import { STORES, type TestStore } from './storesUnderTest';
import { runScript } from './runScript';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-11-25T09:00:00.000Z');
const after = (days: number) => new Date(T0 + days * DAY);
const JEUGD: AuditPurpose = { id: 'jeugdbescherming', processingActivity: 'VA-JZ-001', legalBasis: 'Jeugdwet art. 7.3.8' };


/** regie keeps 1825 days, jeugdbescherming 3650, no purpose the longest of all (3650). */
async function writeLog(store: TestStore): Promise<void> {
  const purposes: Array<AuditPurpose | null> = [REGIE, REGIE, JEUGD, REGIE, null, REGIE];
  for (const [i, purpose] of purposes.entries()) {
    await store.append(sampleInput({ at: new Date(T0 + i * 60_000).toISOString(), purpose, actor: purpose ? sampleInput().actor : null }, i + 1));
  }
}

describe('retention from the policy', () => {
  test('each purpose keeps its auditRetentionDays; records without a purpose keep the longest', () => {
    const retention = retentionFromPolicy(loadPolicy());
    expect(retention.byPurpose.get('regie')).toBe(1825);
    expect(retention.byPurpose.get('jeugdbescherming')).toBe(3650);
    expect(retention.defaultDays).toBe(Math.max(...retention.byPurpose.values()));
  });
});

// The same suite against every store (SQLite; PostgreSQL when TEST_DATABASE_URL is set).
describe.each(STORES)('prune ($kind store)', (stores) => {
  afterEach(async () => {
    await stores.cleanup();
  });

  const verifyCli = async () => {
    const { args, env } = await stores.script();
    return runScript('auditVerify.ts', args, env);
  };

  test.each<[string, number, { pruned: number; through: number | null; expiredButKept: number; accessLeft: number[] }]>([
    ['nothing is due yet', 100, { pruned: 0, through: null, expiredButKept: 0, accessLeft: [6, 5, 4, 3, 2, 1] }],
    // regie expired: 1, 2 go; 3 (jeugdbescherming) holds the line, so 4 and 6 wait behind it.
    ['only the longest expired prefix goes', 1826, { pruned: 2, through: 2, expiredButKept: 2, accessLeft: [6, 5, 4, 3] }],
    ['everything expired', 3651, { pruned: 6, through: 6, expiredButKept: 0, accessLeft: [] }],
  ])('%s (now = day %i)', async (_name, day, expected) => {
    const store = await stores.open();
    await writeLog(store);
    const report = await store.prune(after(day));
    expect(report.pruned).toBe(expected.pruned);
    expect(report.expiredButKept).toBe(expected.expiredButKept);
    expect(report.checkpoint?.prunedThroughSeq ?? null).toBe(expected.through);
    if (report.checkpoint) expect(report.checkpoint).toMatchObject({ kind: 'checkpoint', seq: 7, prunedCount: expected.pruned, policyVersion: loadPolicy().version });
    const page = await store.accessLog({}, 100, null);
    expect(page.edges.map((e) => e.node.seq)).toEqual(expected.accessLeft);
    expect(await store.verifyChain()).toMatchObject({ verified: true, firstSeq: (expected.through ?? 0) + 1, lastSeq: report.checkpoint ? 7 : 6 });
    await store.close();
    // The log alone verifies too, from the checkpoint.
    expect((await verifyCli()).status).toBe(0);
  });

  test('prunes again later, superseding the first checkpoint, and appends continue the chain', async () => {
    const store = await stores.open();
    await writeLog(store);
    await store.prune(after(1826));
    const next = await store.append(sampleInput({ at: after(1900).toISOString() }, 99));
    expect(next.seq).toBe(8);
    const second = await store.prune(after(3651));
    // 3, 4, 5, 6 and the first checkpoint (7) go; 8 is young.
    expect(second).toMatchObject({ pruned: 5, checkpoint: { seq: 9, prunedThroughSeq: 7 } });
    expect(await store.verifyChain()).toMatchObject({ verified: true, records: 2, firstSeq: 8, lastSeq: 9 });
    await store.close();
    const reopened = await stores.open();
    expect((await reopened.append(sampleInput({}, 100))).seq).toBe(10);
    expect(await reopened.verifyChain()).toMatchObject({ verified: true, records: 3 });
    await reopened.close();
  });

  test('the triggers are armed again after a prune', async () => {
    const store = await stores.open();
    await writeLog(store);
    await store.prune(after(1826));
    await store.close();
    const reopened = await stores.open();
    expect((await reopened.accessLog({}, 100, null)).edges.length).toBe(4); // the log is there, with its remaining records
    await reopened.close();
    await expect(stores.sql('audit', 'DELETE FROM audit_records')).rejects.toThrow(/append-only/);
    await expect(stores.sql('audit', 'DELETE FROM audit_subjects')).rejects.toThrow(/append-only/);
  });

  test('removing the first remaining record after a prune is detected', async () => {
    const store = await stores.open();
    await writeLog(store);
    await store.prune(after(1826));
    await store.close();
    await stores.sql('audit', 'DELETE FROM audit_records WHERE seq = 3', { bypassTriggers: true });
    const cli = await verifyCli();
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain('BROKEN at seq 4: records 3..3 are missing; the checkpoints account only for records up to 2');
  });

  test('refuses to prune a broken chain, so the evidence stays', async () => {
    const store = await stores.open();
    await writeLog(store);
    await store.close();
    await stores.sql('audit', "UPDATE audit_records SET actor_sub = 'u-other' WHERE seq = 1", { bypassTriggers: true });
    const reopened = await stores.open();
    await expect(reopened.prune(after(3651))).rejects.toBeInstanceOf(AuditChainBrokenError);
    expect((await reopened.accessLog({}, 100, null)).edges).toHaveLength(6);
    await reopened.close();
  });

  test('npm run audit:prune with --now, then audit:verify', async () => {
    const store = await stores.open();
    await writeLog(store);
    await store.close();
    const { args, env } = await stores.script();
    const pruned = runScript('auditPrune.ts', [...args, '--now', after(1826).toISOString()], env);
    expect(pruned.stderr).toBe('');
    expect(pruned.status).toBe(0);
    expect(pruned.stdout).toBe(
      'audit:prune: removed 2 records up to seq 2; checkpoint seq 7 vouches for them.\n' +
        'audit:prune: 2 expired records wait behind a younger record; they go once it expires.\n',
    );
    expect(runScript('auditPrune.ts', [...args, '--now', after(1826).toISOString()], env).stdout).toMatch(/nothing was due/);
    const verified = await verifyCli();
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/verified: 5 records \(seq 3\.\.7/);
  });

  test.each<[string, string[], RegExp]>([
    ['a bad --now', ['--now', 'yesterday'], /--now must be an ISO 8601 time/],
    ['an unknown option', ['--force'], /Unknown option/],
  ])('audit:prune refuses %s with exit 2', async (_name, args, message) => {
    const target = await stores.script();
    const result = runScript('auditPrune.ts', [...target.args, ...args], target.env);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
