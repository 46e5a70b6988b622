import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { auditFile } from '../../audit/auditFile';
import { seedAll } from '../../seed/seedAll';
import { databaseFile } from '../../subgraphs/kit/databaseFile';
import { pruneSignals } from '../../subgraphs/inkomen/pruneSignals';
import { runScript } from '../audit/runScript';
import { DEMO, headersFor } from '../harness/callers';
import { askTraced, recordFor } from '../harness/auditTrail';
import { expectNoLeak, expectRedactedIn, H0001_SECRETS, subgraphRecorder, valueAt } from '../harness/policyExpectations';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Issue 12, item 4: early signals (vroegsignalering, Wgs art. 3). The role vroegsignaleerder
 * works a queue of signals that creditors' reports combine into (policies/earlySignals.yaml),
 * sees per signal only person, address, creditor kind, months and amount, and nothing else;
 * records the outcome of the outreach; signals not acted on are removed after the term.
 * H-0001's mother has three reports (docs/domain.md): rent 3 months, energy 5, health 6.
 */

const QUEUE = `query Queue($first: Int, $after: String) {
  earlySignals(first: $first, after: $after) { nextCursor signals { id name address { street houseNumber postalCode city } arrears { creditorKind months amount } } }
}`;
type Signal = { id: string; name: string; address: Record<string, string>; arrears: Array<{ creditorKind: string; months: number; amount: number }> };

const recorder = subgraphRecorder();
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: 30, gateway: { hooks: [recorder.hook] } });
});
afterAll(() => system.close());

async function queue(first = 100, after?: string) {
  const answer = await system.query(QUEUE, { variables: { first, after }, headers: await headersFor(DEMO.vroeg) });
  expect(answer.body.errors).toBeUndefined();
  return valueAt(answer, 'earlySignals') as { nextCursor: string | null; signals: Signal[] };
}

describe('the queue', () => {
  test("H-0001's mother is in it: person, contact address, and per creditor only kind, months and amount", async () => {
    const { signals } = await queue();
    const mother = signals.find((s) => s.id === 'P-0001');
    expect(mother).toEqual({
      id: 'P-0001',
      name: 'Samira de Vries',
      address: { street: 'Spui', houseNumber: '70', postalCode: '2511 BT', city: 'Den Haag' },
      arrears: [
        { creditorKind: 'ZORGVERZEKERING', months: 6, amount: 864 },
        { creditorKind: 'ENERGIE', months: 5, amount: 1180.4 },
        { creditorKind: 'HUUR', months: 3, amount: 2350 },
      ],
    });
  });

  test('every signal follows the rules file: two or more creditors, each at least two months', async () => {
    const { signals } = await queue();
    expect(signals.length).toBeGreaterThan(1);
    for (const signal of signals) {
      expect(signal.arrears.length).toBeGreaterThanOrEqual(2);
      for (const arrear of signal.arrears) expect(arrear.months).toBeGreaterThanOrEqual(2);
    }
  });

  test('pages by cursor without gaps or repeats', async () => {
    const all = (await queue(100)).signals.map((s) => s.id);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await queue(2, after);
      seen.push(...page.signals.map((s) => s.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual(all);
  });

  test('the signal type offers nothing beyond the signal: no name of a creditor, no household, no other agency', async () => {
    const answer = await system.query('{ earlySignals { signals { id household { id } } } }', { headers: await headersFor(DEMO.vroeg) });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('need-to-know is the signal itself: it opens nothing else', () => {
  test.each([
    ['household of the signal', '{ household(id: "H-0001") { id address { city } members { name debtCase { status } } } }', 'household', 'Query.household'],
    ['person of the signal', '{ person(id: "P-0001") { id name paymentArrears { creditor } } }', 'person', 'Query.person'],
  ])('%s: redacted (FORBIDDEN_FIELD), no data, no agency asked', async (_name, query, root, field) => {
    const tag = `vroeg-${root}`;
    const answer = await system.query(query, { headers: { ...(await headersFor(DEMO.vroeg)), ...recorder.tag(tag) } });
    expect(answer.status).toBe(200);
    expect(answer.body.data?.[root] ?? null).toBeNull();
    expectRedactedIn(answer, [{ path: root, label: 'id', purpose: 'vroegsignalering', field }]);
    expectNoLeak(answer, ['Samira', 'Noah', 'Lina', 'Haag Wonen', 'Eneco']);
    expect(recorder.calls(tag)).toEqual([]);
  });

  test('the queue itself asks only inkomen, and only for the signal fields', async () => {
    await system.query(QUEUE, { variables: { first: 5 }, headers: { ...(await headersFor(DEMO.vroeg)), ...recorder.tag('vroeg-queue') } });
    const calls = recorder.calls('vroeg-queue');
    expect(calls.map((c) => c.agency)).toEqual(['inkomen']);
    expect([...calls[0]!.coordinates].every((c) => /^(Query\.earlySignals|EarlySignal(Page)?\.|SignalAddress\.|SignalArrear\.)/.test(c))).toBe(true);
  });

  test.each([
    ['regie', DEMO.regisseur],
    ['schuldhulp', DEMO.schuldhulp],
  ])('%s may not read the queue: FORBIDDEN_FIELD with label early-signal', async (purpose, caller) => {
    const answer = await system.query(QUEUE, { variables: { first: 5 }, headers: await headersFor(caller) });
    expectRedactedIn(answer, [{ path: 'earlySignals', label: 'early-signal', purpose, field: 'Query.earlySignals' }]);
  });

  test('the record of a queue read names each person as a data subject; the mother finds it on her page', async () => {
    const answer = await askTraced(system.gatewayUrl, DEMO.vroeg, QUEUE, { variables: { first: 100 } });
    const record = recordFor(auditFile(system.dataDir), answer.traceId);
    expect(record.purpose?.id).toBe('vroegsignalering');
    expect(record.subjectDetails).toEqual(expect.arrayContaining([{ type: 'EarlySignal', id: 'P-0001', labels: ['early-signal'] }]));
    const mine = await system.query('{ myAccessLog { org role purpose labels } }', { headers: await headersFor(DEMO.burger) });
    expect(valueAt(mine, 'myAccessLog')).toEqual(expect.arrayContaining([{ org: 'gemeente', role: 'vroegsignaleerder', purpose: 'vroegsignalering', labels: ['early-signal'] }]));
  });
});

describe('the outreach outcome', () => {
  const RECORD = `mutation Outreach($id: ID!, $outcome: OutreachOutcome!) { recordOutreach(signalId: $id, outcome: $outcome) { signalId outcome recordedAt } }`;

  test('another purpose may not record it: FORBIDDEN, the signal stays', async () => {
    const answer = await system.query(RECORD, { variables: { id: 'P-0001', outcome: 'GEEN_CONTACT' }, headers: await headersFor(DEMO.regisseur) });
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await queue()).signals.map((s) => s.id)).toContain('P-0001');
  });

  test('an unknown signal: BAD_USER_INPUT, nothing recorded', async () => {
    const answer = await system.query(RECORD, { variables: { id: 'P-999999', outcome: 'GEEN_CONTACT' }, headers: await headersFor(DEMO.vroeg) });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('contact made is recorded with time and worker, and the signal leaves the queue', async () => {
    const answer = await system.query(RECORD, { variables: { id: 'P-0001', outcome: 'CONTACT_GEMAAKT' }, headers: await headersFor(DEMO.vroeg) });
    expect(answer.body.errors).toBeUndefined();
    expect(valueAt(answer, 'recordOutreach')).toMatchObject({ signalId: 'P-0001', outcome: 'CONTACT_GEMAAKT' });
    const db = new Database(databaseFile(system.dataDir, 'inkomen'), { readonly: true });
    try {
      expect(db.prepare('SELECT outcome, recorded_by FROM outreach_outcomes WHERE person_id = ?').all('P-0001')).toEqual([{ outcome: 'CONTACT_GEMAAKT', recorded_by: 'u-vroeg-1' }]);
    } finally {
      db.close();
    }
    expect((await queue()).signals.map((s) => s.id)).not.toContain('P-0001');
  });
});

describe('retention: a signal not acted on is removed after the term in policy.yaml', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signals-prune-'));
    seedAll({ dataDir: dir, households: 30, seed: 1 });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const persons = (db: Database.Database, table: string) => (db.prepare(`SELECT DISTINCT person_id FROM ${table} ORDER BY 1`).all() as Array<{ person_id: string }>).map((r) => r.person_id);

  test('within the term nothing is removed; after it, only signals without an outcome', () => {
    const db = new Database(databaseFile(dir, 'inkomen'));
    try {
      db.prepare("INSERT INTO outreach_outcomes (person_id, outcome, recorded_at, recorded_by) VALUES ('P-0001', 'HULP_AFGEWEZEN', '2026-06-01T10:00:00Z', 'u-vroeg-1')").run();
      const before = persons(db, 'payment_arrears');
      expect(before.length).toBeGreaterThan(1);
      // The latest report in the seeded world is from 2026; 365 days later nothing is due yet.
      expect(pruneSignals(db, { now: new Date('2026-01-01T00:00:00Z'), retentionDays: 365 })).toEqual({ persons: 0, reports: 0 });
      const report = pruneSignals(db, { now: new Date('2029-01-01T00:00:00Z'), retentionDays: 365 });
      expect(report.persons).toBe(before.length - 1);
      expect(persons(db, 'payment_arrears')).toEqual(['P-0001']);
      expect(persons(db, 'signal_contacts')).toEqual(['P-0001']);
    } finally {
      db.close();
    }
  });

  test('npm run signals:prune reads the term from policy.yaml and reports what it removed', () => {
    const result = runScript('signalsPrune.ts', ['--data-dir', dir, '--now', '2029-01-01T00:00:00Z']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { persons: number; reports: number; retentionDays: number };
    expect(report.retentionDays).toBe(365);
    expect(report.persons).toBeGreaterThan(0);
    const db = new Database(databaseFile(dir, 'inkomen'), { readonly: true });
    try {
      expect(persons(db, 'payment_arrears')).toEqual([]);
    } finally {
      db.close();
    }
  });

  test('a bad --now or a missing database: exit 2 with the usage, nothing removed', () => {
    expect(runScript('signalsPrune.ts', ['--data-dir', dir, '--now', 'gisteren']).status).toBe(2);
    expect(runScript('signalsPrune.ts', ['--data-dir', path.join(dir, 'nope')]).status).toBe(2);
    const db = new Database(databaseFile(dir, 'inkomen'), { readonly: true });
    try {
      expect(persons(db, 'payment_arrears').length).toBeGreaterThan(1);
    } finally {
      db.close();
    }
  });
});

test('no secret of H-0001 beyond the signal reaches the signal worker', async () => {
  const answer = await system.query(QUEUE, { variables: { first: 100 }, headers: await headersFor(DEMO.vroeg) });
  expectNoLeak(answer, H0001_SECRETS.filter((s) => !['Samira', 'de Vries', 'Spui', '2511 BT', 'P-0001'].includes(s)));
});
