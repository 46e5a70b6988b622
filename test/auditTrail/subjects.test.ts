import path from 'node:path';
import { DEMO, type TestCaller } from '../harness/callers';
import { askTraced, recordFor, responseValues, valuesIn, type TracedAnswer, type TrailRecord } from '../harness/auditTrail';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * The data subjects of a record (issue 4): every household and person whose data went
 * out, also when the client never selected `id` (the gateway asks for it under an alias
 * and strips it again), and for a refusal the ids that were asked for. The citizen's
 * view and the privacy officer's subject filter both stand on this.
 */

let system: RunningSystem;
let file: string;
beforeAll(async () => {
  system = await startSystem({ households: 5 });
  file = path.join(system.dataDir, 'audit.sqlite');
});
afterAll(() => system.close());

const H0001_MEMBERS = ['P-0001', 'P-0002', 'P-0003'];

/** Asks, and returns the answer with its record (exactly one, by trace id). */
async function ask(caller: TestCaller | null, query: string, variables?: Record<string, unknown>): Promise<{ answer: TracedAnswer; record: TrailRecord }> {
  const answer = await askTraced(system.gatewayUrl, caller, query, { variables, headers: caller ? {} : { 'x-purpose': 'regie' } });
  return { answer, record: recordFor(file, answer.traceId) };
}

/** No key the gateway added for itself (hv__…) reaches the client, at any depth. */
function gatewayKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(gatewayKeys);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [...(key.startsWith('hv__') ? [key] : []), ...gatewayKeys(inner)]);
}

describe('subjects of an answered request, when the client did not select id', () => {
  test.each<[string, string, Record<string, unknown> | undefined, unknown, { households: string[]; persons: string[] }]>([
    [
      'a household\'s address only: the household and its members',
      '{ household(id: "H-0001") { address { city } } }',
      undefined,
      { household: { address: { city: 'Den Haag' } } },
      { households: ['H-0001'], persons: H0001_MEMBERS },
    ],
    [
      'the members\' names only',
      '{ household(id: "H-0001") { members { name } } }',
      undefined,
      { household: { members: [{ name: 'Samira de Vries' }, { name: 'Noah de Vries' }, { name: 'Lina de Vries' }] } },
      { households: ['H-0001'], persons: H0001_MEMBERS },
    ],
    ['a person\'s name only', '{ person(id: "P-0002") { name } }', undefined, { person: { name: 'Noah de Vries' } }, { households: [], persons: ['P-0002'] }],
    [
      'a person\'s household address (reached through the person)',
      '{ person(id: "P-0002") { household { address { city } } } }',
      undefined,
      { person: { household: { address: { city: 'Den Haag' } } } },
      { households: ['H-0001'], persons: H0001_MEMBERS },
    ],
    [
      'under an alias, through a fragment, with the id in a variable',
      'query Q($h: ID!) { home: household(id: $h) { ...Where } } fragment Where on Household { address { city } }',
      { h: 'H-0001' },
      { home: { address: { city: 'Den Haag' } } },
      { households: ['H-0001'], persons: H0001_MEMBERS },
    ],
    [
      'an inline fragment on the members',
      '{ household(id: "H-0001") { members { ... on Person { birthDate } } } }',
      undefined,
      { household: { members: [{ birthDate: '1989-04-12' }, { birthDate: '2015-09-03' }, { birthDate: '2019-01-27' }] } },
      { households: ['H-0001'], persons: H0001_MEMBERS },
    ],
  ])('%s', async (_name, query, variables, data, subjects) => {
    const { answer, record } = await ask(DEMO.regisseur, query, variables);
    // The client gets exactly its own shape: no hv__subjectId or member ids it did not ask for.
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual(data);
    expect(gatewayKeys(answer.body)).toEqual([]);
    expect(JSON.stringify(answer.body)).not.toContain('hv__');
    expect(record).toMatchObject({ outcome: 'OK', subjects });
    expect(valuesIn(record.raw, responseValues(answer.body.data))).toEqual([]);
  });

  test('a partly redacted answer names its subjects too', async () => {
    const { answer, record } = await ask(DEMO.regisseur, '{ person(id: "P-0001") { debtCase { status creditors { name } } } }');
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN_FIELD']);
    expect(record).toMatchObject({ outcome: 'PARTIAL', subjects: { households: [], persons: ['P-0001'] } });
  });

  test('a list root field (myHouseholds): exactly the households and members the answer carried', async () => {
    // The oracle: the same list asked with ids, by the same caller.
    const withIds = await ask(DEMO.otherRegisseur, '{ myHouseholds { id members { id } } }');
    const households = (withIds.answer.body.data as { myHouseholds: Array<{ id: string; members: Array<{ id: string }> }> }).myHouseholds;
    expect(households.length).toBeGreaterThan(0);
    expect(households.map((h) => h.id)).not.toContain('H-0001');

    const { answer, record } = await ask(DEMO.otherRegisseur, '{ myHouseholds { address { city } } }');
    expect(gatewayKeys(answer.body)).toEqual([]);
    expect(record.subjects.households).toEqual(households.map((h) => h.id).sort());
    expect(record.subjects.persons).toEqual(households.flatMap((h) => h.members.map((m) => m.id)).sort());
  });
});

describe('subjects of a refused request: the ids that were asked for', () => {
  test.each<[string, TestCaller | null, string, Record<string, unknown> | undefined, number, string, { households: string[]; persons: string[] }]>([
    [
      'u-regisseur-2: a household and a person under aliases',
      DEMO.otherRegisseur,
      '{ home: household(id: "H-0001") { address { city } } child: person(id: "P-0003") { name } }',
      undefined,
      403,
      'FORBIDDEN',
      { households: ['H-0001'], persons: ['P-0003'] },
    ],
    [
      'u-regisseur-2: ids in variables, one through a fragment',
      DEMO.otherRegisseur,
      'query Q($h: ID!, $p: ID!) { a: household(id: $h) { ...F } b: person(id: $p) { name } } fragment F on Household { members { name } }',
      { h: 'H-0001', p: 'P-0003' },
      403,
      'FORBIDDEN',
      { households: ['H-0001'], persons: ['P-0003'] },
    ],
    [
      'u-regisseur-2: a household of theirs and one that is not (the whole request is refused, both asked)',
      DEMO.otherRegisseur,
      '{ mine: household(id: "H-0002") { address { city } } other: household(id: "H-0001") { address { city } } }',
      undefined,
      403,
      'FORBIDDEN',
      { households: ['H-0001', 'H-0002'], persons: [] },
    ],
    [
      'no token, aliases',
      null,
      '{ home: household(id: "H-0001") { address { city } } child: person(id: "P-0003") { name } }',
      undefined,
      401,
      'UNAUTHENTICATED',
      { households: ['H-0001'], persons: ['P-0003'] },
    ],
    [
      'no purpose declared',
      { ...DEMO.regisseur, purpose: undefined },
      '{ home: household(id: "H-0001") { address { city } } child: person(id: "P-0003") { name } }',
      undefined,
      400,
      'FORBIDDEN',
      { households: ['H-0001'], persons: ['P-0003'] },
    ],
  ])('%s', async (_name, caller, query, variables, status, outcome, subjects) => {
    const { answer, record } = await ask(caller, query, variables);
    expect(answer.status).toBe(status);
    expect(answer.body.data ?? null).toBeNull();
    expect(JSON.stringify(answer.body)).not.toMatch(/Den Haag|Samira|Lina|de Vries|Utrecht|Dekker/);
    expect(record).toMatchObject({ outcome, subjects, fieldsReturned: [] });
  });
});
