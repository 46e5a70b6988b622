import path from 'node:path';
import { DEMO, type TestCaller } from '../harness/callers';
import { askTraced, expectChainVerifies, recordFor, type TracedAnswer, type TrailRecord } from '../harness/auditTrail';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Issue 9, classes 1, 3 and 7: what the audit record names as data subjects must be
 * impossible for a caller to decide, must be only well-formed ids, and must tell each
 * subject only what was returned about them. The chain verifies after every test.
 */

let system: RunningSystem;
let file: string;
beforeAll(async () => {
  system = await startSystem({ households: 5 });
  file = path.join(system.dataDir, 'audit.sqlite');
});
afterAll(() => system.close());
afterEach(() => expectChainVerifies(file));

async function ask(caller: TestCaller, query: string, variables?: Record<string, unknown>): Promise<{ answer: TracedAnswer; record: TrailRecord }> {
  const answer = await askTraced(system.gatewayUrl, caller, query, { variables });
  return { answer, record: recordFor(file, answer.traceId) };
}

describe('class 1: the gateway\'s own aliases cannot be imitated', () => {
  test.each<[string, string]>([
    ['the subject alias on __typename (the reviewer\'s example)', '{ person(id: "P-0002") { hv__subjectId: __typename name household { hv__subjectId: __typename address { city } } } }'],
    ['the subject alias on a name: a name would enter the log', '{ person(id: "P-0002") { hv__subjectId: name } }'],
    ['the members alias', '{ household(id: "H-0001") { hv__members: members { hv__subjectId: name } } }'],
    ['another alias with the reserved prefix', '{ household(id: "H-0001") { hv__anything: id } }'],
    ['the prefix in another letter case', '{ person(id: "P-0002") { HV__subjectId: name } }'],
    ['inside a named fragment', 'query Q { person(id: "P-0002") { ...F } } fragment F on Person { hv__subjectId: name }'],
    ['inside an inline fragment', '{ person(id: "P-0002") { ... on Person { hv__subjectId: birthDate } } }'],
    ['on a root field', '{ hv__subjectId: person(id: "P-0002") { name } }'],
  ])('%s → BAD_USER_INPUT, no data, no subject from the client', async (_name, query) => {
    const { answer, record } = await ask(DEMO.regisseur, query);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.message).toMatch(/reserved for the gateway/);
    expect(record.subjectDetails).toEqual([]);
    expect(record.raw).not.toMatch(/Noah|Person"|Household"/);
  });

  test('a client\'s own `id: name` alias does not make a name a subject: subjects come from the gateway\'s alias only', async () => {
    const { answer, record } = await ask(DEMO.regisseur, '{ person(id: "P-0002") { id: name household { id city: id } } }');
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual({ person: { id: 'Noah de Vries', household: { id: 'H-0001', city: 'H-0001' } } });
    expect(record.subjects).toEqual({ households: ['H-0001'], persons: ['P-0001', 'P-0002', 'P-0003'] });
    expect(record.raw).not.toContain('Noah');
  });
});

describe('class 3: per subject, the labels returned about that subject', () => {
  test('the mother\'s shelter stay is hers: the children get only what was returned about them', async () => {
    const { record } = await ask(DEMO.veiligthuis, '{ household(id: "H-0001") { members { name shelterStay { since } } } }');
    const labelsOf = (id: string) => record.subjectDetails.find((s) => s.id === id)?.labels;
    expect(labelsOf('P-0001')).toEqual(['household', 'id', 'identity', 'special-safety']);
    expect(labelsOf('P-0002')).toEqual(['household', 'id', 'identity']);
    expect(labelsOf('P-0003')).toEqual(['household', 'id', 'identity']);
    expect(labelsOf('H-0001')).toEqual(['household', 'id']);
  });

  test('a person opened alone: nobody else in the household is a subject', async () => {
    const { record } = await ask(DEMO.schuldhulp, '{ person(id: "P-0001") { debtCase { status } } }');
    expect(record.subjectDetails).toEqual([{ type: 'Person', id: 'P-0001', labels: ['financial-summary', 'id'] }]);
  });

  test('household-level fields (the address) concern every member, each of whom gets that label', async () => {
    const { record } = await ask(DEMO.wonen, '{ household(id: "H-0001") { address { city } } }');
    for (const id of ['H-0001', 'P-0001', 'P-0002', 'P-0003']) {
      expect(record.subjectDetails.find((s) => s.id === id)?.labels).toEqual(['address', 'id']);
    }
  });
});

describe('class 7: only well-formed ids are stored; caller-chosen text never', () => {
  test.each<[string, string, Record<string, unknown> | undefined, number]>([
    ['an address typed as a household id', '{ household(id: "Kerkstraat 12, Utrecht") { id } }', undefined, 1],
    ['a name typed as a person id, in a variable', 'query Q($id: ID!) { person(id: $id) { name } }', { id: 'Noah de Vries' }, 1],
    ['a household id with a trailing remark', '{ household(id: "H-0001 (moeder gevlucht)") { id } }', undefined, 1],
    ['a well-formed id of a household the caller has no relation with', '{ household(id: "H-0002") { id } }', undefined, 0],
  ])('%s: refused, recorded without its text', async (_name, query, variables, malformed) => {
    const { answer, record } = await ask(DEMO.regisseur, query, variables);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(record.malformedIds).toBe(malformed);
    for (const text of ['Kerkstraat', 'Noah', 'moeder']) expect(record.raw).not.toContain(text);
    if (malformed === 0) expect(record.subjects.households).toEqual(['H-0002']);
    else expect(record.subjectDetails).toEqual([]);
  });

  test.each<[string, string]>([
    ['a name over 64 characters', `query ${'A'.repeat(65)} { household(id: "H-0001") { id } }`],
    ['a name that carries an address', `query Kerkstraat_12_Utrecht_${'x'.repeat(60)} { household(id: "H-0001") { id } }`],
  ])('an operation name: %s → BAD_USER_INPUT, not stored', async (_name, query) => {
    const { answer, record } = await ask(DEMO.regisseur, query);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(record.operationName).toBeNull();
    expect(record.raw).not.toContain('Kerkstraat');
  });

  test('a short operation name is kept', async () => {
    const { record } = await ask(DEMO.regisseur, 'query HuishoudenBekijken { household(id: "H-0001") { id } }');
    expect(record.operationName).toBe('HuishoudenBekijken');
  });
});

describe('class 8: the privacy officer\'s look-up by subject names that subject', () => {
  test.each<[string, string, Record<string, unknown> | undefined]>([
    ['a literal', '{ accessLog(first: 1, filter: { subjectId: "P-0002" }) { edges { cursor } } }', undefined],
    ['a variable', 'query L($f: AccessLogFilter) { accessLog(first: 1, filter: $f) { edges { cursor } } }', { f: { subjectId: 'P-0002' } }],
  ])('filtering by subject in %s', async (_name, query, variables) => {
    const { answer, record } = await ask(DEMO.privacy, query, variables);
    expect(answer.body.errors).toBeUndefined();
    expect(record.subjectDetails).toEqual([{ type: 'Person', id: 'P-0002', labels: ['audit'] }]);
  });

  test('a subject filter that is no well-formed id names nobody', async () => {
    const { record } = await ask(DEMO.privacy, '{ accessLog(first: 1, filter: { subjectId: "Noah de Vries" }) { edges { cursor } } }');
    expect(record.subjectDetails).toEqual([]);
    expect(record.raw).not.toContain('Noah');
  });
});
