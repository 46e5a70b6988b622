import path from 'node:path';
import { DEMO, type TestCaller } from '../harness/callers';
import { askTraced, maxSeq, readTrail, recordFor, type TracedAnswer, type TrailRecord } from '../harness/auditTrail';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * The privacy officer reviews the log through the same gateway (issue 4, item 4): newest
 * first, Relay pages, filters, bad arguments refused, `first` capped; the review is
 * audited like any other request; nobody else gets at it. Every expectation is checked
 * against the rows in audit.sqlite, read directly.
 */

let system: RunningSystem;
let file: string;

/** A coordinator with no relation to any household: each attempt at H-0001 is refused. */
const PROBE: TestCaller = { sub: 'u-regisseur-9', role: 'regisseur', purpose: 'regie' };
const PROBE_ATTEMPTS = 4;
const FILLER = 105; // more than the maximum page size (100)

/** When the scenario below ran: between the filler and the review. */
let scenarioFrom: Date;
let scenarioTo: Date;
const scenario: TracedAnswer[] = [];

const NODE = 'seq traceId at actor { sub org role } purpose processingActivity legalBasis outcome errorCodes subjects fieldsReturned fieldsRedacted operationName';
const LOG = `query Review($filter: AccessLogFilter, $first: Int, $after: String) {
  accessLog(filter: $filter, first: $first, after: $after) { edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } }
}`;

interface Node {
  seq: number;
  traceId: string;
  at: string;
  actor: { sub: string; org: string; role: string } | null;
  purpose: string | null;
  outcome: string;
  subjects: string[];
  fieldsReturned: string[];
  fieldsRedacted: string[];
  operationName: string | null;
}
interface Page {
  edges: Array<{ cursor: string; node: Node }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

async function ask(caller: TestCaller | null, query: string, variables?: Record<string, unknown>): Promise<TracedAnswer> {
  return askTraced(system.gatewayUrl, caller, query, { variables });
}

/** One page of the access log as the privacy officer; fails the test on any error. */
async function accessLog(variables: { filter?: Record<string, unknown>; first?: number; after?: string | null }): Promise<Page> {
  const answer = await ask(DEMO.privacy, LOG, variables);
  expect(answer.body.errors).toBeUndefined();
  return (answer.body.data as { accessLog: Page }).accessLog;
}

/** Every page of the access log, `first` at a time. */
async function walk(filter: Record<string, unknown>, first: number): Promise<Page[]> {
  const pages: Page[] = [];
  let after: string | null = null;
  do {
    const page = await accessLog({ filter, first, after });
    pages.push(page);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null && pages.length < 100);
  return pages;
}

const seqsOf = (page: Page) => page.edges.map((e) => e.node.seq);
const newestFirst = (records: TrailRecord[]) => records.map((r) => r.seq).sort((a, b) => b - a);

beforeAll(async () => {
  system = await startSystem({ households: 5 });
  file = path.join(system.dataDir, 'audit.sqlite');
  // Filler: requests without a token, no subjects, so the log is longer than one page.
  for (let i = 0; i < FILLER; i += 15) {
    await Promise.all(Array.from({ length: Math.min(15, FILLER - i) }, () => ask(null, '{ myHouseholds { id } }')));
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
  scenarioFrom = new Date();
  const steps: Array<[TestCaller | null, string]> = [
    [DEMO.regisseur, '{ household(id: "H-0001") { address { city } } }'],
    [DEMO.veiligthuis, '{ person(id: "P-0001") { name shelterStay { since } } }'],
    [DEMO.otherRegisseur, '{ household(id: "H-0002") { address { city } } }'],
    ...Array.from({ length: PROBE_ATTEMPTS }, (): [TestCaller, string] => [PROBE, '{ household(id: "H-0001") { members { name } } }']),
    [null, '{ person(id: "P-0001") { name } }'],
    [DEMO.schuldhulp, '{ person(id: "P-0001") { debtCase { status creditors { name } } } }'],
    [DEMO.regisseur, '{ person(id: "P-0001") { debtCase { status creditors { name } } } }'],
    [DEMO.regisseur, '{ person(id: "P-0002") { name } }'],
  ];
  for (const [caller, query] of steps) scenario.push(await ask(caller, query));
  await new Promise((resolve) => setTimeout(resolve, 5));
  scenarioTo = new Date();
});
afterAll(() => system.close());

test('the scenario produced what the tests below rely on', () => {
  const records = scenario.map((a) => recordFor(file, a.traceId));
  expect(records.map((r) => r.outcome)).toEqual(['OK', 'OK', 'OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED', 'OK', 'PARTIAL', 'OK']);
  expect(readTrail(file).length).toBeGreaterThan(FILLER + scenario.length - 1);
});

describe('accessLog', () => {
  test('newest first: the first node is the newest record in the file, seqs strictly falling, nodes as stored', async () => {
    const newest = maxSeq(file);
    const page = await accessLog({ first: 20 });
    expect(seqsOf(page)[0]).toBe(newest);
    expect(seqsOf(page)).toEqual(newestFirst(readTrail(file).filter((r) => r.seq <= newest)).slice(0, 20));
    const stored = new Map(readTrail(file).map((r) => [r.seq, r]));
    for (const { node } of page.edges) {
      const record = stored.get(node.seq)!;
      expect(node).toMatchObject({
        traceId: record.traceId,
        at: record.at,
        actor: record.actor,
        purpose: record.purpose?.id ?? null,
        outcome: record.outcome,
        subjects: [...record.subjects.households, ...record.subjects.persons],
        fieldsReturned: record.fieldsReturned.map((f) => f.field),
        fieldsRedacted: record.fieldsRedacted.map((f) => f.field),
        operationName: record.operationName,
      });
    }
  });

  test('pagination: first 2, then after endCursor; hasNextPage until the last page; no record twice, none left out', async () => {
    const first = await accessLog({ filter: { actorSub: PROBE.sub }, first: 2 });
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, endCursor: first.edges[1]!.cursor });
    const second = await accessLog({ filter: { actorSub: PROBE.sub }, first: 2, after: first.pageInfo.endCursor });
    expect(second.edges).toHaveLength(2);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect([...seqsOf(first), ...seqsOf(second)]).toEqual(newestFirst(readTrail(file).filter((r) => r.actor?.sub === PROBE.sub)));
  });

  test('walking the whole log 30 at a time returns every record once, newest first (the review\'s own new records land in front, not in between)', async () => {
    const newest = maxSeq(file);
    const pages = await walk({}, 30);
    const walked = pages.flatMap(seqsOf);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.slice(0, -1).every((p) => p.edges.length === 30 && p.pageInfo.hasNextPage)).toBe(true);
    expect(walked).toEqual(newestFirst(readTrail(file).filter((r) => r.seq <= newest)));
  });

  const has = (r: TrailRecord, id: string) => r.subjects.households.includes(id) || r.subjects.persons.includes(id);
  test.each<[string, () => Record<string, unknown>, (r: TrailRecord) => boolean]>([
    ['subjectId H-0001 (also refused attempts that asked for it)', () => ({ subjectId: 'H-0001' }), (r) => has(r, 'H-0001')],
    ['subjectId P-0001', () => ({ subjectId: 'P-0001' }), (r) => has(r, 'P-0001')],
    ['subjectId H-0002', () => ({ subjectId: 'H-0002' }), (r) => has(r, 'H-0002')],
    ['actorSub u-regisseur-1', () => ({ actorSub: 'u-regisseur-1' }), (r) => r.actor?.sub === 'u-regisseur-1'],
    ['org veiligthuis', () => ({ org: 'veiligthuis' }), (r) => r.actor?.org === 'veiligthuis'],
    ['purpose schuldhulp', () => ({ purpose: 'schuldhulp' }), (r) => r.purpose?.id === 'schuldhulp'],
    ['outcome FORBIDDEN', () => ({ outcome: 'FORBIDDEN' }), (r) => r.outcome === 'FORBIDDEN'],
    ['outcome PARTIAL', () => ({ outcome: 'PARTIAL' }), (r) => r.outcome === 'PARTIAL'],
    [
      'from (inclusive) / to (exclusive): exactly the scenario, not the filler nor the review',
      () => ({ from: scenarioFrom.toISOString(), to: scenarioTo.toISOString() }),
      (r) => Date.parse(r.at) >= scenarioFrom.getTime() && Date.parse(r.at) < scenarioTo.getTime(),
    ],
    [
      'from / to as the scenario\'s first and last record: the last one is excluded',
      () => ({ from: recordFor(file, scenario[0]!.traceId).at, to: recordFor(file, scenario.at(-1)!.traceId).at }),
      (r) => r.at >= recordFor(file, scenario[0]!.traceId).at && r.at < recordFor(file, scenario.at(-1)!.traceId).at,
    ],
    ['actor and outcome combined', () => ({ actorSub: PROBE.sub, outcome: 'FORBIDDEN' }), (r) => r.actor?.sub === PROBE.sub && r.outcome === 'FORBIDDEN'],
  ])('filter %s', async (_name, filter, matches) => {
    const newest = maxSeq(file);
    const expected = newestFirst(readTrail(file).filter((r) => r.seq <= newest && matches(r)));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(100);
    const page = await accessLog({ filter: filter(), first: 100 });
    expect(seqsOf(page).filter((seq) => seq <= newest)).toEqual(expected);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  test('a filter nobody matches returns no edges (the control for the filters above)', async () => {
    const page = await accessLog({ filter: { actorSub: 'u-nobody' }, first: 100 });
    expect(page).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  test.each<[string, number | undefined, number]>([
    ['no first: 20', undefined, 20],
    ['first 101: capped at 100', 101, 100],
    ['first 100000: capped at 100', 100_000, 100],
  ])('%s', async (_name, first, expected) => {
    const newest = maxSeq(file);
    expect(newest).toBeGreaterThan(expected);
    const page = await accessLog({ first });
    expect(page.edges).toHaveLength(expected);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(seqsOf(page)).toEqual(Array.from({ length: expected }, (_, i) => newest - i));
  });

  test.each<[string, string, Record<string, unknown>, RegExp]>([
    ['from is a word', LOG, { filter: { from: 'yesterday' } }, /filter\.from/],
    ['from is a day that does not exist', LOG, { filter: { from: '2026-02-30' } }, /filter\.from/],
    ['from has no zone', LOG, { filter: { from: '2026-11-25T10:00:00' } }, /filter\.from/],
    ['to is not a time', LOG, { filter: { to: '25-11-2026' } }, /filter\.to/],
    ['to before from', LOG, { filter: { from: '2026-11-26', to: '2026-11-25' } }, /filter\.to/],
    ['first is negative', LOG, { first: -1 }, /first/],
    ['after is not a cursor of this log', LOG, { after: 'garbage' }, /after/],
    ['unusualAccess from is not a time', 'query U($from: String) { unusualAccess(from: $from) { kind } }', { from: 'nope' }, /from/],
  ])('bad input: %s → BAD_USER_INPUT naming the argument, no records', async (_name, query, variables, argument) => {
    const answer = await ask(DEMO.privacy, query, variables);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors![0]!.message).toMatch(argument);
    expect(Object.values(answer.body.data ?? {}).every((v) => v === null)).toBe(true);
    expect(JSON.stringify(answer.body)).not.toMatch(/u-regisseur|edges|"seq"/);
  });
});

describe('the review is audited like any other request', () => {
  test('the officer\'s query has its record (actor u-privacy-1, purpose toezicht) and the next page shows it', async () => {
    const answer = await ask(DEMO.privacy, LOG, { first: 5 });
    expect(answer.body.errors).toBeUndefined();
    const record = recordFor(file, answer.traceId);
    expect(record).toMatchObject({
      outcome: 'OK',
      actor: { sub: 'u-privacy-1', org: 'gemeente', role: 'privacy-officer' },
      purpose: { id: 'toezicht', processingActivity: 'VA-PRI-001', legalBasis: expect.stringMatching(/AVG art\. 5\(2\)/) },
      operationName: 'Review',
      subjects: { households: [], persons: [] },
    });
    expect(record.fieldsReturned.map((f) => f.field)).toContain('Query.accessLog');
    expect(new Set(record.fieldsReturned.map((f) => f.label))).toEqual(new Set(['audit']));

    const next = await accessLog({ filter: { actorSub: 'u-privacy-1' }, first: 1 });
    expect(next.edges[0]!.node).toMatchObject({ seq: record.seq, traceId: answer.traceId, purpose: 'toezicht', actor: { sub: 'u-privacy-1', role: 'privacy-officer' } });
  });
});

describe('nobody else reviews the log', () => {
  const REVIEW_FIELDS: Array<[string, string]> = [
    ['accessLog', '{ accessLog { edges { node { seq actor { sub } subjects } } } }'],
    ['auditChain', '{ auditChain { verified records lastHash } }'],
    ['unusualAccess', '{ unusualAccess { kind actor { sub } } }'],
  ];
  const PROFESSIONALS: Array<[string, TestCaller]> = [
    ['regisseur/regie', DEMO.regisseur],
    ['schuldhulpverlener/schuldhulp', DEMO.schuldhulp],
    ['veiligthuis-medewerker/veiligheid', DEMO.veiligthuis],
  ];
  test.each(PROFESSIONALS.flatMap(([who, caller]) => REVIEW_FIELDS.map(([field, query]): [string, string, TestCaller, string] => [who, field, caller, query])))(
    '%s asking %s → FORBIDDEN_FIELD (label audit), no data',
    async (_who, field, caller, query) => {
      const answer = await ask(caller, query);
      expect(answer.body.data).toEqual({ [field]: null });
      expect(answer.body.errors).toHaveLength(1);
      expect(answer.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN_FIELD', label: 'audit', field: `Query.${field}`, purpose: caller.purpose });
      expect(JSON.stringify(answer.body)).not.toMatch(/u-regisseur|u-privacy|"seq"|lastHash"?:\s*"/);
      expect(recordFor(file, answer.traceId).fieldsRedacted).toEqual([{ field: `Query.${field}`, label: 'audit' }]);
    },
  );

  test('the privacy officer may not use a professional\'s purpose, nor see household data with toezicht', async () => {
    const wrongPurpose = await ask({ ...DEMO.privacy, purpose: 'regie' }, '{ accessLog { edges { node { seq } } } }');
    expect(wrongPurpose.status).toBe(403);
    expect(wrongPurpose.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_NOT_PERMITTED');
    expect(wrongPurpose.body.data ?? null).toBeNull();

    const householdData = await ask(DEMO.privacy, '{ household(id: "H-0001") { address { city } members { name } } }');
    expect(JSON.stringify(householdData.body)).not.toMatch(/Den Haag|Samira/);
    expect(householdData.body.errors?.length).toBeGreaterThan(0);
  });
});

describe('unusualAccess', () => {
  interface Finding {
    kind: string;
    actor: { sub: string; org: string; role: string } | null;
    counts: { requests: number; forbidden: number; unauthenticated: number; threshold: number };
    firstAt: string;
    lastAt: string;
    explanation: string;
  }
  const UNUSUAL = 'query U($from: String, $to: String) { unusualAccess(from: $from, to: $to) { kind actor { sub org role } counts { requests forbidden unauthenticated threshold } firstAt lastAt explanation } }';

  async function refusedIn(from: Date, to: Date): Promise<Finding[]> {
    const answer = await ask(DEMO.privacy, UNUSUAL, { from: from.toISOString(), to: to.toISOString() });
    expect(answer.body.errors).toBeUndefined();
    return (answer.body.data as { unusualAccess: Finding[] }).unusualAccess.filter((f) => f.kind === 'REFUSED_ATTEMPTS');
  }

  test('the actor with refused attempts in the period is listed with the counts, checkable against accessLog', async () => {
    const findings = await refusedIn(scenarioFrom, scenarioTo);
    const probe = findings.find((f) => f.actor?.sub === PROBE.sub);
    expect(probe).toMatchObject({
      actor: { sub: PROBE.sub, org: 'gemeente', role: 'regisseur' },
      counts: { requests: PROBE_ATTEMPTS, forbidden: PROBE_ATTEMPTS, unauthenticated: 0, threshold: 1 },
    });
    expect(probe!.explanation).toContain(String(PROBE_ATTEMPTS));
    const attempts = readTrail(file).filter((r) => r.actor?.sub === PROBE.sub);
    expect([probe!.firstAt, probe!.lastAt]).toEqual([attempts[0]!.at, attempts.at(-1)!.at]);
    // Nobody without refusals is listed; the one unauthenticated request of the scenario is, without an actor.
    expect(findings.map((f) => f.actor?.sub ?? null).sort()).toEqual([null, PROBE.sub].sort());
    expect(findings.find((f) => f.actor === null)!.counts).toMatchObject({ unauthenticated: 1, forbidden: 0 });
  });

  test('a period before the attempts does not list the actor', async () => {
    const findings = await refusedIn(new Date(scenarioFrom.getTime() - 24 * 3600_000), scenarioFrom);
    expect(findings.map((f) => f.actor?.sub)).not.toContain(PROBE.sub);
    // …but the filler's unauthenticated requests are there, so the query did look.
    expect(findings.find((f) => f.actor === null)!.counts.unauthenticated).toBe(FILLER);
  });
});
