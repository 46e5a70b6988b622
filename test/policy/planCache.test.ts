import { DEMO, headersFor, type TestCaller } from '../harness/callers';
import type { GraphQLAnswer } from '../harness/graphqlRequest';
import { expectNoLeak, expectRedactedIn, expectVisibleIn, subgraphRecorder, valueAt } from '../harness/policyExpectations';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * The query-plan cache (issue 3, "Beware"): @apollo/gateway keys plans on the query's hash
 * and operation name. The same query text by two roles, in both orders, on a warm cache:
 * each gets exactly its own redactions. A plan made for veiligthuis served to regie would
 * leak the shelter stay; a plan made for regie served to veiligthuis would withhold it.
 *
 * One system; each order gets its own query text (identical but for trailing spaces, so
 * Apollo hashes them apart), so each text meets a cold cache with its first caller.
 */

const recorder = subgraphRecorder();
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: 20, gateway: { hooks: [recorder.hook] } });
});
afterAll(() => system.close());

/** regie: tenancy yes, shelterStay no. veiligheid: shelterStay yes, tenancy no. Both have redactions. */
const BOTH_REDACT = `query Isolation($id: ID!) { household(id: $id) { id tenancy { status rentArrears } members { id safetyFlag shelterStay { shelter withChildren } } } }`;
/** veiligheid may read all of it (nothing removed, the client's own document is planned); regie may not. */
const ONE_REDACTS = `{ household(id: "H-0001") { id members { id safetyFlag shelterStay { shelter withChildren } } } }`;

let counter = 0;
async function ask(caller: TestCaller, query: string): Promise<{ answer: GraphQLAnswer; tag: string }> {
  counter += 1;
  const tag = `${caller.purpose}-${counter}`;
  const answer = await system.query(query, { variables: { id: 'H-0001' }, headers: { ...(await headersFor(caller)), ...recorder.tag(tag) } });
  return { answer, tag };
}

function expectRegieView({ answer, tag }: { answer: GraphQLAnswer; tag: string }, asksTenancy: boolean): void {
  expect(answer.status).toBe(200);
  expectRedactedIn(answer, [0, 1, 2].map((i) => ({ path: `household.members.${i}.shelterStay`, label: 'special-safety', purpose: 'regie', field: 'Person.shelterStay' })));
  expectVisibleIn(answer, ['household.members.0.safetyFlag']);
  if (asksTenancy) expect(valueAt(answer, 'household.tenancy')).toEqual({ status: 'BEEINDIGD', rentArrears: 2350 });
  expect(answer.body.errors).toHaveLength(3);
  expectNoLeak(answer, ['Blijf Groep']);
  expect(recorder.calls(tag).flatMap((c) => [...c.coordinates])).not.toContain('Person.shelterStay');
}

function expectVeiligheidView({ answer, tag }: { answer: GraphQLAnswer; tag: string }, asksTenancy: boolean): void {
  expect(answer.status).toBe(200);
  expect(valueAt(answer, 'household.members.0.shelterStay')).toEqual({ shelter: 'Blijf Groep', withChildren: false });
  expect(valueAt(answer, 'household.members.1.shelterStay')).toBeNull();
  if (asksTenancy) {
    expectRedactedIn(answer, [{ path: 'household.tenancy', label: 'housing', purpose: 'veiligheid', field: 'Household.tenancy' }]);
    expect(answer.body.errors).toHaveLength(1);
    expectNoLeak(answer, ['BEEINDIGD', '2350']);
  } else {
    expect(answer.body.errors).toBeUndefined();
  }
  expect(recorder.calls(tag).flatMap((c) => [...c.coordinates])).toContain('Person.shelterStay');
  expect(recorder.calls(tag).flatMap((c) => [...c.coordinates])).not.toContain('Household.tenancy');
}

describe.each([
  ['both purposes redact something', BOTH_REDACT, true],
  ['only regie redacts (veiligheid plans the own document of the client)', ONE_REDACTS, false],
])('same query text, %s', (_name, query, asksTenancy) => {
  test('regisseur first, then veiligthuis-medewerker, then each again (warm cache)', async () => {
    const text = `${query} `;
    expectRegieView(await ask(DEMO.regisseur, text), asksTenancy);
    expectVeiligheidView(await ask(DEMO.veiligthuis, text), asksTenancy);
    expectRegieView(await ask(DEMO.regisseur, text), asksTenancy);
    expectVeiligheidView(await ask(DEMO.veiligthuis, text), asksTenancy);
  });

  test('veiligthuis-medewerker first, then regisseur, then each again (warm cache)', async () => {
    const text = `${query}  `;
    expectVeiligheidView(await ask(DEMO.veiligthuis, text), asksTenancy);
    expectRegieView(await ask(DEMO.regisseur, text), asksTenancy);
    expectVeiligheidView(await ask(DEMO.veiligthuis, text), asksTenancy);
    expectRegieView(await ask(DEMO.regisseur, text), asksTenancy);
  });

  test('both roles at once, interleaved, on the warm cache', async () => {
    const text = `${query} `;
    const callers = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? DEMO.regisseur : DEMO.veiligthuis));
    const answers = await Promise.all(callers.map((caller) => ask(caller, text)));
    answers.forEach((answer, i) => (callers[i] === DEMO.regisseur ? expectRegieView(answer, asksTenancy) : expectVeiligheidView(answer, asksTenancy)));
  });
});

test('the same text under another operation name does not share a plan across roles either', async () => {
  const named = (name: string) => BOTH_REDACT.replace('query Isolation', `query ${name}`);
  expectVeiligheidView(await ask(DEMO.veiligthuis, named('Another')), true);
  expectRegieView(await ask(DEMO.regisseur, named('Another')), true);
  expectRegieView(await ask(DEMO.regisseur, named('YetAnother')), true);
  expectVeiligheidView(await ask(DEMO.veiligthuis, named('YetAnother')), true);
});
