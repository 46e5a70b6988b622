import { generateWorld, type WorldHousehold } from '../../seed/world';
import { DEMO, headersFor, type TestCaller } from '../harness/callers';
import { H0001_SECRETS, PURPOSE_MATRIX, expectNoLeak, expectRefused, subgraphRecorder, valueAt } from '../harness/policyExpectations';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Row-level need-to-know (docs/domain.md): a professional reads a household only while they
 * have an active relation with it; otherwise FORBIDDEN and no data, not even whether the id
 * exists.
 */

const HOUSEHOLDS = 20;
const SEED = 1;
const world = generateWorld({ households: HOUSEHOLDS, seed: SEED });

/** Households u-regisseur-2 coordinates (a gemeente involvement of theirs), from the same world the system seeds. */
const coordinatedByRegisseur2: WorldHousehold[] = world.households.filter((h) =>
  h.involvements.some((i) => i.agency === 'gemeente' && i.professional === 'u-regisseur-2'),
);
/** Every household u-regisseur-2 has any involvement with (what myHouseholds must list). */
const relatedToRegisseur2 = world.households.filter((h) => h.involvements.some((i) => i.professional === 'u-regisseur-2'));
const own = coordinatedByRegisseur2[0]!;
/** Words from u-regisseur-2's household that must not reach u-regisseur-1. */
const ownSecrets = [own.id, ...own.members.flatMap((m) => [m.id, m.name]), own.address.street];

const recorder = subgraphRecorder();
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: HOUSEHOLDS, seed: SEED, gateway: { hooks: [recorder.hook] } });
});
afterAll(() => system.close());

async function ask(caller: TestCaller, query: string, variables?: Record<string, unknown>, tag?: string) {
  return system.query(query, { variables, headers: { ...(await headersFor(caller)), ...(tag ? recorder.tag(tag) : {}) } });
}

const VIEW = `query($id: ID!) { household(id: $id) { id address { street city } members { id name debtCase { status } safetyFlag } tenancy { status } } }`;

test('the test world gives u-regisseur-2 a household to coordinate that is not H-0001', () => {
  expect(coordinatedByRegisseur2.length).toBeGreaterThan(0);
  expect(own.id).not.toBe('H-0001');
  expect(world.households[0]!.involvements.map((i) => i.professional)).not.toContain('u-regisseur-2');
});

describe('u-regisseur-2 / regisseur / regie', () => {
  test('on H-0001: FORBIDDEN (403), data null, no id or name of the household leaked, no agency asked', async () => {
    const answer = await ask(DEMO.otherRegisseur, VIEW, { id: 'H-0001' }, 'r2-h1');
    const error = expectRefused(answer, { code: 'FORBIDDEN', status: 403 });
    expect(error.message).toMatch(/no active relation/);
    expectNoLeak(answer, ['H-0001', ...H0001_SECRETS]);
    expect(recorder.calls('r2-h1')).toEqual([]);
  });

  test('on its own household: allowed, with exactly the members the world seeded', async () => {
    const answer = await ask(DEMO.otherRegisseur, VIEW, { id: own.id });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(valueAt(answer, 'household.id')).toBe(own.id);
    expect(valueAt(answer, 'household.address.street')).toBe(own.address.street);
    expect((valueAt(answer, 'household.members') as Array<{ id: string; name: string }>).map((m) => [m.id, m.name])).toEqual(
      own.members.map((m) => [m.id, m.name]),
    );
  });

  test('person(id: "P-0002") (a child of H-0001): FORBIDDEN, no data', async () => {
    const answer = await ask(DEMO.otherRegisseur, '{ person(id: "P-0002") { id name birthDate household { id } } }');
    expectRefused(answer, { code: 'FORBIDDEN', status: 403 });
  });

  test('a person of its own household: allowed', async () => {
    const member = own.members[0]!;
    const answer = await ask(DEMO.otherRegisseur, `{ person(id: "${member.id}") { id name } }`);
    expect(answer.body).toMatchObject({ data: { person: { id: member.id, name: member.name } } });
    expect(answer.body.errors).toBeUndefined();
  });

  test('myHouseholds lists exactly the households it works with, never H-0001', async () => {
    const answer = await ask(DEMO.otherRegisseur, '{ myHouseholds { id } }');
    expect(answer.body.errors).toBeUndefined();
    const ids = (answer.body.data!.myHouseholds as Array<{ id: string }>).map((h) => h.id).sort();
    expect(ids).toEqual(relatedToRegisseur2.map((h) => h.id).sort());
    expect(ids).not.toContain('H-0001');
  });
});

describe('u-regisseur-1 / regisseur / regie', () => {
  test('myHouseholds is exactly H-0001', async () => {
    const answer = await ask(DEMO.regisseur, '{ myHouseholds { id members { id } } }');
    expect(answer.body).toEqual({
      data: { myHouseholds: [{ id: 'H-0001', members: [{ id: 'P-0001' }, { id: 'P-0002' }, { id: 'P-0003' }] }] },
      extensions: expect.any(Object),
    });
  });

  test.each([
    ['the household of u-regisseur-2', () => own.id],
    ['an id that does not exist', () => 'H-9999'],
  ])('on %s: the same FORBIDDEN, word for word, so a refusal never tells whether the id exists', async (_case, id) => {
    const known = await ask(DEMO.regisseur, VIEW, { id: id() });
    const reference = await ask(DEMO.otherRegisseur, VIEW, { id: 'H-0001' });
    expectRefused(known, { code: 'FORBIDDEN', status: 403, secrets: ownSecrets });
    expect(known.body.errors).toEqual(reference.body.errors);
  });

  test.each([
    ['two aliased roots, one not its own', `{ mine: household(id: "H-0001") { id } other: household(id: "${own.id}") { id members { name } } }`, {}],
    ['the other household inside a named fragment on Query', `query { ...Q } fragment Q on Query { household(id: "${own.id}") { id members { name } } }`, {}],
    ['the other household inside an inline fragment', `{ ... on Query { household(id: "${own.id}") { id members { name } } } }`, {}],
    ['the other household by variable', 'query($id: ID!) { household(id: $id) { id members { name } } }', { id: own.id }],
    ['a person of the other household', `{ person(id: "${own.members[0]!.id}") { id name } }`, {}],
    ['a person of the other household with @include(if: true)', `{ person(id: "${own.members[0]!.id}") @include(if: true) { id name } }`, {}],
  ])('%s: FORBIDDEN for the whole request, no data of either household', async (name, query, variables) => {
    const answer = await ask(DEMO.regisseur, query, variables, `r1-${name}`);
    expectRefused(answer, { code: 'FORBIDDEN', status: 403, secrets: [...ownSecrets, ...H0001_SECRETS] });
    expect(recorder.calls(`r1-${name}`)).toEqual([]);
  });

  // A variable's default value is as much the operation's input as a value sent with it
  // (GraphQL spec §6.4.1 CoerceVariableValues): the row check must use it too.
  test.each([
    ['a default value for $id', `query($id: ID! = "${own.id}") { household(id: $id) { id members { name } } }`],
    ['a default value for a nullable $id', `query($id: ID = "${own.id}") { household(id: $id) { id members { name } } }`],
    ['@include(if: $v) with $v defaulting to true', `query($v: Boolean = true) { household(id: "${own.id}") @include(if: $v) { id members { name } } }`],
  ])('the other household through %s: FORBIDDEN, no data', async (name, query) => {
    const answer = await ask(DEMO.regisseur, query, undefined, `r1-default-${name}`);
    expectRefused(answer, { code: 'FORBIDDEN', status: 403, secrets: ownSecrets });
    expect(recorder.calls(`r1-default-${name}`)).toEqual([]);
  });

  test('its own household included through @include(if: $v) with $v defaulting to true comes back, with the denied field redacted', async () => {
    const answer = await ask(DEMO.regisseur, 'query($v: Boolean = true) { household(id: "H-0001") @include(if: $v) { id members { id benefits { kind } } } }');
    expect(answer.status).toBe(200);
    expect(valueAt(answer, 'household.id')).toBe('H-0001');
    expect(valueAt(answer, 'household.members.0.benefits')).toBeNull();
    expectNoLeak(answer, ['PARTICIPATIEWET', 'ZORGTOESLAG']);
  });
});

describe.each(PURPOSE_MATRIX.filter((row) => row.householdData))('$role / $purpose ($caller.sub)', (row) => {
  test('reads H-0001 and each of its members, with whom it has an active relation', async () => {
    const answer = await ask(row.caller, '{ household(id: "H-0001") { id } a: person(id: "P-0001") { id } b: person(id: "P-0002") { id } c: person(id: "P-0003") { id } }');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ household: { id: 'H-0001' }, a: { id: 'P-0001' }, b: { id: 'P-0002' }, c: { id: 'P-0003' } });
  });

  test(`is refused ${own.id} (u-regisseur-2's), with which it has none`, async () => {
    expect(own.involvements.map((i) => i.professional)).not.toContain(row.caller.sub);
    const answer = await ask(row.caller, VIEW, { id: own.id });
    expectRefused(answer, { code: 'FORBIDDEN', status: 403, secrets: ownSecrets });
  });
});

test('the other household in the operation chosen by operationName: FORBIDDEN', async () => {
  const response = await fetch(system.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await headersFor(DEMO.regisseur)) },
    body: JSON.stringify({
      query: `query Mine { household(id: "H-0001") { id } } query Theirs { household(id: "${own.id}") { id members { name } } }`,
      operationName: 'Theirs',
    }),
  });
  expectRefused({ status: response.status, body: (await response.json()) as never }, { code: 'FORBIDDEN', status: 403, secrets: ownSecrets });
});
