import { createHash } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { DEMO, headersFor, tokenFor, type TestCaller } from '../harness/callers';
import { askTraced, expectChainVerifies, readTrail, recordCount, recordFor } from '../harness/auditTrail';
import { subgraphRecorder } from '../harness/policyExpectations';
import { startSystem, type RunningSystem } from '../harness/startSystem';
import { generateWorld } from '../../seed/world';

/*
 * Issue 9, classes 2, 4, 5 and 8: facts that leaked sideways. Each test is written against
 * the class (every special-category agency, other directive spellings, any caller pair),
 * not only the reviewer's example.
 */

const HOUSEHOLDS = 40;
const world = generateWorld({ households: HOUSEHOLDS, seed: 1 });
const recorder = subgraphRecorder();
let system: RunningSystem;
let file: string;
beforeAll(async () => {
  system = await startSystem({ households: HOUSEHOLDS, gateway: { hooks: [recorder.hook] } });
  file = path.join(system.dataDir, 'audit.sqlite');
});
afterAll(() => system.close());
afterEach(() => expectChainVerifies(file));

const SPECIAL_AGENCIES = [
  { agency: 'veiligthuis', label: 'special-safety', involvements: 'safetyInvolvements', relations: 'safetyRelations' },
  { agency: 'jeugdzorg', label: 'special-health', involvements: 'youthCareInvolvements', relations: 'youthCareRelations' },
] as const;

/** A household with this agency involved, and a professional of `agency` related to it (not H-0001: the class, not the example). */
function householdWith(agency: string, viewer: string): { id: string; caller: TestCaller } {
  const roles: Record<string, TestCaller['role']> = { gemeente: 'regisseur', schuldhulp: 'schuldhulpverlener', wonen: 'woonconsulent' };
  const purposes: Record<string, string> = { gemeente: 'regie', schuldhulp: 'schuldhulp', wonen: 'woonurgentie' };
  const household = world.households.find(
    (h) => h.index > 1 && h.involvements.some((i) => i.agency === agency) && h.involvements.some((i) => i.agency === viewer),
  );
  if (!household) throw new Error(`no household with ${agency} and ${viewer} in the test world`);
  const professional = household.involvements.find((i) => i.agency === viewer)!.professional;
  return { id: household.id, caller: { sub: professional, role: roles[viewer]!, purpose: purposes[viewer] } };
}

describe('class 2: an involvement of a special-category agency is itself special-category data', () => {
  const VIEWERS = ['gemeente', 'schuldhulp', 'wonen'] as const;
  test.each(SPECIAL_AGENCIES.flatMap((special) => VIEWERS.map((viewer) => [special.agency, viewer, special] as const)))(
    '%s involved, seen by %s: nothing of it anywhere in the data',
    async (agency, viewer, special) => {
      const { id, caller } = householdWith(agency, viewer);
      const query = `query V($id: ID!) { household(id: $id) { involvements { agency contact { organisation } } relations { agency } coordinationCase { goals } ${special.involvements} { agency } } }`;
      const answer = await system.query(query, { variables: { id }, headers: await headersFor(caller) });
      expect(answer.status).toBe(200);
      const data = JSON.stringify(answer.body.data);
      expect(data).not.toContain(agency);
      // The dedicated field is withheld for every household alike: it tells nothing about this one.
      expect(answer.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN_FIELD', label: special.label, field: `Household.${special.involvements}` }) })]),
      );
      expect(new Set(answer.body.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN_FIELD']));
    },
  );

  test.each(SPECIAL_AGENCIES.flatMap((special) => [DEMO.veiligthuis, DEMO.jeugd].map((caller) => [special.agency, caller.purpose, special, caller] as const)))(
    '%s involvement in H-0001 is seen by purpose %s',
    async (agency, _purpose, special, caller) => {
      const answer = await system.query(`{ household(id: "H-0001") { ${special.involvements} { agency } ${special.relations} { agency } } }`, { headers: await headersFor(caller) });
      expect(answer.body.errors).toBeUndefined();
      const household = answer.body.data?.household as Record<string, Array<{ agency: string }>>;
      expect(household[special.involvements]!.map((i) => i.agency)).toEqual([agency]);
      expect(household[special.relations]!.map((i) => i.agency)).toEqual([agency]);
    },
  );

  test('free text follows its most sensitive content: the coordinator reads the general goals only', async () => {
    const regie = await system.query('{ household(id: "H-0001") { coordinationCase { goals } } }', { headers: await headersFor(DEMO.regisseur) });
    const goals = (regie.body.data?.household as { coordinationCase: { goals: string[] } }).coordinationCase.goals;
    expect(goals.length).toBeGreaterThan(0);
    expect(goals.join(' ')).not.toMatch(/kinderen uit het pleeggezin|opvang/);
    const jeugd = await system.query('{ household(id: "H-0001") { coordinationCase { youthCareGoals safetyGoals } } }', { headers: await headersFor(DEMO.jeugd) });
    expect(jeugd.body.data).toEqual({
      household: { coordinationCase: { youthCareGoals: [expect.stringMatching(/pleeggezin/)], safetyGoals: [expect.stringMatching(/opvang/)] } },
    });
  });
});

describe('class 4: need-to-know judges @include/@skip as execution does', () => {
  test.each<[string, string, Record<string, unknown>]>([
    ['@include(if: $s) with $s null', 'query Q($s: Boolean = true) { household(id: "H-0002") @include(if: $s) { id } }', { s: null }],
    ['@skip(if: $s) with $s null', 'query Q($s: Boolean = false) { household(id: "H-0002") @skip(if: $s) { id } }', { s: null }],
    ['in a named fragment', 'query Q($s: Boolean = true) { ...F } fragment F on Query { household(id: "H-0002") @include(if: $s) { id } }', { s: null }],
    ['on a nested field', 'query Q($s: Boolean = true) { household(id: "H-0001") { id address @include(if: $s) { city } } }', { s: null }],
  ])('%s → BAD_USER_INPUT, never a 500, no agency asked', async (name, query, variables) => {
    const tag = recorder.tag(`directive-${name}`);
    const answer = await system.query(query, { variables, headers: { ...(await headersFor(DEMO.regisseur)), ...tag } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.data ?? null).toBeNull();
    expect(recorder.calls(`directive-${name}`)).toEqual([]);
  });

  test('a real false still skips: no need-to-know for a field that will not run', async () => {
    const answer = await system.query('query Q($s: Boolean!) { household(id: "H-0002") @include(if: $s) { id } }', {
      variables: { s: false },
      headers: await headersFor(DEMO.regisseur),
    });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual({});
  });
});

describe('class 5: automatic persisted queries give no signal across callers', () => {
  const QUERY = '{ household(id: "H-0001") { id } }';
  const persisted = (withQuery: boolean) => ({
    ...(withQuery ? { query: QUERY } : {}),
    extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(QUERY).digest('hex') } },
  });
  const send = async (caller: TestCaller, body: unknown) => {
    const response = await fetch(system.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(await headersFor(caller)) }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> } };
  };

  test('a hash one caller registered answers every other caller exactly as a hash nobody sent', async () => {
    await send(DEMO.regisseur, persisted(true));
    const other = await send(DEMO.otherRegisseur, persisted(false));
    const never = await send(DEMO.otherRegisseur, { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect(other.body.errors?.[0]?.extensions?.code).toBe(never.body.errors?.[0]?.extensions?.code);
    expect(other.status).toBe(never.status);
    expect(other.body.errors?.[0]?.extensions?.code).not.toBe('FORBIDDEN');
    // The caller who sent it gets no different answer either: APQ is off for everyone.
    const own = await send(DEMO.regisseur, persisted(false));
    expect(own.body.errors?.[0]?.extensions?.code).toBe(never.body.errors?.[0]?.extensions?.code);
  });
});

describe('class 8: identity, schema details, echoes, refused requests', () => {
  test.each<[string, string]>([
    ['a household id', 'H-0001'],
    ['a professional id', 'u-regisseur-1'],
    ['free text', 'iemand'],
  ])('a citizen token whose sub is %s → FORBIDDEN, no access log', async (_name, sub) => {
    const answer = await system.query('{ myAccessLog { at org labels } }', { headers: await headersFor({ sub, role: 'burger', purpose: 'inzage' }) });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(answer.body.data ?? null).toBeNull();
  });

  test.each<[string, string]>([
    ['__schema', '{ __schema { queryType { name } } }'],
    ['__type', '{ __type(name: "Household") { fields { name } } }'],
    ['__type in a fragment', 'query { ...F } fragment F on Query { __type(name: "Person") { name } }'],
  ])('introspection (%s) is off for a citizen even in development', async (_name, query) => {
    const citizen = await system.query(query, { headers: await headersFor(DEMO.burger) });
    expect(citizen.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(citizen.body.data ?? null).toBeNull();
    const professional = await system.query(query, { headers: await headersFor(DEMO.regisseur) });
    expect(professional.body.errors).toBeUndefined();
  });

  test('field suggestions ("Did you mean") are off for a citizen and for an unknown caller, on for a professional in development', async () => {
    const query = '{ myAccesLog { at } }';
    const citizen = await system.query(query, { headers: await headersFor(DEMO.burger) });
    const anonymous = await system.query(query, { headers: { 'x-purpose': 'inzage' } });
    const professional = await system.query(query, { headers: await headersFor(DEMO.privacy) });
    expect(citizen.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(anonymous.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(professional.body.errors?.[0]?.message).toMatch(/Did you mean "myAccessLog"/);
  });

  test.each<[string, Record<string, string>]>([
    ['an unknown purpose', { 'x-purpose': 'nieuwsgierig-naar-noah' }],
    ['a purpose of another role', { 'x-purpose': 'veiligheid' }],
  ])('%s: the error never repeats the header or a claim', async (_name, headers) => {
    const answer = await system.query('{ household(id: "H-0001") { id } }', { headers: { ...(await headersFor({ ...DEMO.regisseur, name: 'Rita Regisseur' })), ...headers } });
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain(headers['x-purpose']);
    expect(text).not.toMatch(/Rita|u-regisseur-1|"regisseur"/);
  });

  test('a request to another path gets 404 and an audit record, without the path', async () => {
    const before = recordCount(file);
    const response = await fetch(new URL('/huishoudens-van/Kerkstraat-12', system.gatewayOrigin), { method: 'POST', headers: await headersFor(DEMO.regisseur) });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('Kerkstraat');
    const trail = readTrail(file);
    expect(trail).toHaveLength(before + 1);
    expect(trail.at(-1)).toMatchObject({ outcome: 'ERROR', errorCodes: ['NOT_FOUND'], actor: { sub: 'u-regisseur-1' } });
    expect(trail.at(-1)!.raw).not.toContain('Kerkstraat');
  });

  test('oversized headers get 431 and an audit record', async () => {
    const before = recordCount(file);
    const status = await new Promise<number>((resolve, reject) => {
      const socket = net.connect(system.gateway.port, '127.0.0.1', () => {
        socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      });
      socket.once('data', (chunk) => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString())?.[1])));
      socket.once('error', reject);
    });
    expect(status).toBe(431);
    const trail = readTrail(file);
    expect(trail).toHaveLength(before + 1);
    expect(trail.at(-1)).toMatchObject({ outcome: 'ERROR', errorCodes: ['BAD_REQUEST'], actor: null });
  });

  test('a record of an answered request names the supergraph version it was answered under', async () => {
    const answer = await askTraced(system.gatewayUrl, DEMO.regisseur, '{ household(id: "H-0001") { id } }');
    expect(recordFor(file, answer.traceId).supergraphVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(await tokenFor(DEMO.regisseur)).toBeTruthy();
  });
});
