import { headersFor, type TestCaller } from '../harness/callers';
import { PURPOSE_MATRIX, expectRefused, subgraphRecorder } from '../harness/policyExpectations';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Purpose binding: X-Purpose missing → PURPOSE_REQUIRED; unknown, or not one of the role's
 * purposes → PURPOSE_NOT_PERMITTED; no data in any case, and no agency asked.
 */

const VIEW = '{ household(id: "H-0001") { id address { street } members { id name safetyFlag } } }';

const recorder = subgraphRecorder();
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: 20, gateway: { hooks: [recorder.hook] } });
});
afterAll(() => system.close());

async function ask(caller: TestCaller, tag: string, extraHeaders: Record<string, string> = {}) {
  return system.query(VIEW, { headers: { ...(await headersFor(caller)), ...recorder.tag(tag), ...extraHeaders } });
}

const regisseur = (purpose?: string): TestCaller => ({ sub: 'u-regisseur-1', role: 'regisseur', purpose });

test('control: u-regisseur-1 with X-Purpose regie reads H-0001', async () => {
  const answer = await ask(regisseur('regie'), 'control');
  expect(answer.status).toBe(200);
  expect(answer.body.data).toMatchObject({ household: { id: 'H-0001', address: { street: 'Spui' } } });
});

test.each([
  ['no X-Purpose header', regisseur(undefined), {}],
  ['an empty X-Purpose', regisseur(''), {}],
  ['an X-Purpose of spaces', regisseur('   '), {}],
])('%s → PURPOSE_REQUIRED (400), naming the purposes the role may use, no data', async (name, caller, extra) => {
  const answer = await ask(caller, `required-${name}`, extra);
  const error = expectRefused(answer, { code: 'PURPOSE_REQUIRED', status: 400 });
  expect(error.message).toMatch(/X-Purpose/);
  expect(error.message).toContain('regie');
  expect(recorder.calls(`required-${name}`)).toEqual([]);
});

const NOT_PERMITTED: Array<[string, TestCaller]> = [
  ['an unknown purpose', regisseur('nieuwsgierigheid')],
  ['a purpose in another letter case', regisseur('REGIE')],
  ['regisseur with schuldhulp (the purpose of another role)', regisseur('schuldhulp')],
  ['regisseur with veiligheid', regisseur('veiligheid')],
  ['regisseur with toezicht', regisseur('toezicht')],
  ['two purposes at once', regisseur('regie, schuldhulp')],
  ['schuldhulpverlener with regie', { sub: 'u-schuld-1', role: 'schuldhulpverlener', purpose: 'regie' }],
  ['privacy-officer with veiligheid', { sub: 'u-privacy-1', role: 'privacy-officer', purpose: 'veiligheid' }],
  ['burger with regie', { sub: 'P-0001', role: 'burger', purpose: 'regie' }],
  ['an unknown role in the token (with a real purpose)', { sub: 'u-regisseur-1', role: 'superuser', org: 'gemeente', purpose: 'regie' }],
  ['a role with no purposes (inkomensconsulent)', { sub: 'u-inkomen-1', role: 'inkomensconsulent', org: 'inkomen', purpose: 'schuldhulp' }],
  ['an unknown role with an unknown purpose', { sub: 'x', role: 'admin', org: 'gemeente', purpose: 'alles' }],
];

test.each(NOT_PERMITTED)('%s → PURPOSE_NOT_PERMITTED (403), no data, no agency asked', async (name, caller) => {
  const answer = await ask(caller, `not-permitted-${name}`);
  const error = expectRefused(answer, { code: 'PURPOSE_NOT_PERMITTED', status: 403 });
  // What to do, from the policy; never an echo of the header or the role claim (issue 9, class 8).
  expect(error.message).toMatch(/X-Purpose|no registered purposes/);
  expect(JSON.stringify(answer.body.errors)).not.toContain(caller.role);
  expect(JSON.stringify(answer.body.errors)).not.toContain(`"${caller.purpose}"`);
  if (caller.purpose && !['regie', 'schuldhulp'].includes(caller.purpose)) expect(JSON.stringify(answer.body.errors)).not.toContain(caller.purpose);
  expect(recorder.calls(`not-permitted-${name}`)).toEqual([]);
});

test.each(PURPOSE_MATRIX.map((row) => [row.role, row.purpose, row.caller] as const))(
  '%s may use %s: no purpose error',
  async (_role, purpose, caller) => {
    const answer = await ask(caller, `own-${purpose}`);
    const codes = (answer.body.errors ?? []).map((e) => e.extensions?.code);
    expect(codes).not.toContain('PURPOSE_REQUIRED');
    expect(codes).not.toContain('PURPOSE_NOT_PERMITTED');
  },
);

test.each(
  PURPOSE_MATRIX.flatMap((row) =>
    PURPOSE_MATRIX.filter((other) => other.purpose !== row.purpose).map((other) => [row.role, other.purpose, { ...row.caller, purpose: other.purpose }] as const),
  ),
)('%s may not use %s', async (_role, _purpose, caller) => {
  const answer = await ask(caller, `cross-${caller.role}-${caller.purpose}`);
  expectRefused(answer, { code: 'PURPOSE_NOT_PERMITTED', status: 403 });
});
