import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import Database from 'better-sqlite3';
import { startHostedSubgraph } from '../../subgraphs/loadAgencyDefinition';
import { loadRegistry, registryEntry } from '../../schema/SubgraphRegistry';

const startAgency = (name: string, options: Parameters<typeof startHostedSubgraph>[1]) => startHostedSubgraph(registryEntry(loadRegistry(), name), options);
import type { RunningSubgraph } from '../../subgraphs/kit/startSubgraph';
import { seedAll } from '../../seed/seedAll';
import type { World } from '../../seed/world';
import { gatewayTokenHeaders } from '../harness/callers';
import { DATA_VERSION_POLLER } from '../../platform/dataVersion';

let dataDir: string;
let world: World;
const running: RunningSubgraph[] = [];

async function start(agency: Parameters<typeof startAgency>[0]): Promise<RunningSubgraph> {
  const subgraph = await startAgency(agency, { port: 0, dataDir });
  running.push(subgraph);
  return subgraph;
}

const CALLER = { sub: 'u-regisseur-1', org: 'gemeente', role: 'regisseur', purpose: 'regie' };

/** A request as the gateway sends it: with a caller token it signed for this agency. */
async function query(subgraph: RunningSubgraph, body: { query: string; variables?: Record<string, unknown> }) {
  const headers = await gatewayTokenHeaders(dataDir, subgraph.name, CALLER);
  const response = await request(subgraph.url.replace('/graphql', '')).post('/graphql').set('content-type', 'application/json').set(headers).send(body);
  return { status: response.status, body: response.body, statements: Number(response.headers['x-sql-statements']) };
}

const entities = (typename: string, ids: string[], selection: string) => ({
  query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { id ${selection} } } }`,
  variables: { r: ids.map((id) => ({ __typename: typename, id })) },
});

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hv-kit-'));
  world = seedAll({ dataDir, households: 120, seed: 7 }).world;
});

afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('subgraph kit', () => {
  test('serves health and statement counts', async () => {
    const schuldhulp = await start('schuldhulp');
    const base = schuldhulp.url.replace('/graphql', '');
    await request(base).get('/health').expect(200, { status: 'ok', agency: 'schuldhulp' });
    // Traffic counts are telling too (issue 9, class 6): the gateway's token or nothing.
    await request(base).get('/stats').expect(401);
    await request(base).get('/stats').set(await gatewayTokenHeaders(dataDir, 'wonen', CALLER)).expect(401);
    const stats = await request(base).get('/stats').set(await gatewayTokenHeaders(dataDir, 'schuldhulp', CALLER)).expect(200);
    expect(stats.body).toMatchObject({ agency: 'schuldhulp', sqlStatements: 0 });
  });

  test('a data version, for the gateway only, that changes with any write and stamps every caller-route answer', async () => {
    const gemeente = await start('gemeente');
    const base = gemeente.url.replace('/graphql', '');
    await request(base).get('/data-version').expect(401);
    await request(base).get('/data-version').set(await gatewayTokenHeaders(dataDir, 'wonen', CALLER)).expect(401);
    const headers = await gatewayTokenHeaders(dataDir, 'gemeente', CALLER);
    const version = async () => (await request(base).get('/data-version').set(headers).expect(200)).body.version as string;
    const before = await version();
    expect(before).toMatch(/^\d+\.\d+$/);
    expect(await version()).toBe(before); // reading changes nothing
    const access = await request(base).get('/caller-access').set(headers).expect(200);
    expect(access.headers['x-data-version']).toBe(before);
    // A write by another connection (an agency's back office, the seeder) changes it.
    const db = new Database(path.join(dataDir, 'gemeente.sqlite'));
    try {
      db.prepare("INSERT INTO registrations (person_id, agency, professional_sub, since, ended_at) SELECT (SELECT MIN(id) FROM persons), 'gemeente', MIN(sub), '2026-11-25', NULL FROM professionals").run();
    } finally {
      db.close();
    }
    const after = await version();
    expect(after).not.toBe(before);
    expect((await request(base).get('/caller-access').set(headers).expect(200)).headers['x-data-version']).toBe(after);
  });

  test("the gateway's data-version token opens the data version and nothing else", async () => {
    const gemeente = await start('gemeente');
    const base = gemeente.url.replace('/graphql', '');
    const poller = await gatewayTokenHeaders(dataDir, 'gemeente', DATA_VERSION_POLLER);
    await request(base).get('/data-version').set(poller).expect(200);
    await request(base).get('/caller-access').set(poller).expect(401);
    const graphql = await request(base).post('/graphql').set('content-type', 'application/json').set(poller).send({ query: '{ household(id: "H-0001") { id } }' });
    expect(graphql.status).toBe(401);
    expect(graphql.body.data ?? null).toBeNull();
    expect(graphql.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('resolves a Person entity with its debt case in two statements (case + creditors)', async () => {
    const schuldhulp = await start('schuldhulp');
    const result = await query(schuldhulp, entities('Person', ['P-0001'], 'debtCase { status refusalReason totalDebt creditors { name kind amount } }'));
    expect(result.status).toBe(200);
    const debtCase = result.body.data._entities[0].debtCase;
    expect(debtCase.status).toBe('AFGEWEZEN');
    expect(debtCase.refusalReason).toMatch(/woonadres/);
    expect(debtCase.creditors).toHaveLength(4);
    expect(debtCase.totalDebt).toBeCloseTo(debtCase.creditors.reduce((sum: number, c: { amount: number }) => sum + c.amount, 0), 2);
    expect(result.statements).toBe(2);
  });

  test('batches any number of entities into the same number of statements', async () => {
    const inkomen = await start('inkomen');
    const ids = world.households.flatMap((h) => h.members.map((m) => m.id));
    const one = await query(inkomen, entities('Person', ids.slice(0, 1), 'benefits { kind } paymentArrears { kind months }'));
    const many = await query(inkomen, entities('Person', ids.slice(0, 200), 'benefits { kind } paymentArrears { kind months }'));
    expect(many.body.data._entities).toHaveLength(200);
    expect(one.statements).toBe(2);
    expect(many.statements).toBe(one.statements);
  });

  test('gemeente: a household with all its members costs the same statements for 1 or 6 members', async () => {
    const gemeente = await start('gemeente');
    const single = world.households.find((h) => h.members.length === 1)!;
    const six = world.households.find((h) => h.members.length === 6)!;
    const view = (id: string) => ({
      query: `query($id: ID!) { household(id: $id) { id address { city } members { id name birthDate household { id } } involvements { agency contact { name } } relations { kind professional { sub } } coordinationCase { status } } }`,
      variables: { id },
    });
    const a = await query(gemeente, view(single.id));
    const b = await query(gemeente, view(six.id));
    expect(a.body.data.household.members).toHaveLength(1);
    expect(b.body.data.household.members).toHaveLength(6);
    expect(b.statements).toBe(a.statements);
    expect(b.statements).toBeLessThanOrEqual(5);
  });

  test.each([
    ['no caller token', async () => ({})],
    ['a token signed for another agency', async () => gatewayTokenHeaders(dataDir, 'inkomen', CALLER)],
    ['a forged token', async () => ({ 'x-gateway-token': 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' })],
  ])('refuses a request with %s (401), so only the gateway is answered', async (_case, headers) => {
    const gemeente = await start('gemeente');
    const response = await request(gemeente.url.replace('/graphql', ''))
      .post('/graphql')
      .set('content-type', 'application/json')
      .set(await headers())
      .send({ query: '{ household(id: "H-0001") { id members { name } } }' });
    expect(response.status).toBe(401);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(response.body)).not.toMatch(/Samira/);
  });

  test('myHouseholds lists exactly the households the caller has a relation with', async () => {
    const gemeente = await start('gemeente');
    const result = await query(gemeente, { query: '{ myHouseholds { id } callerAccess { householdIds personIds } }' });
    expect(result.body.data.myHouseholds).toEqual([{ id: 'H-0001' }]);
    expect(result.body.data.callerAccess).toEqual({ householdIds: ['H-0001'], personIds: ['P-0001', 'P-0002', 'P-0003'] });
  });

  test('GET /caller-access answers the gateway need-to-know in one statement, and nobody else', async () => {
    const gemeente = await start('gemeente');
    const base = gemeente.url.replace('/graphql', '');
    await request(base).get('/caller-access').expect(401);
    await request(base).get('/caller-access').set(await gatewayTokenHeaders(dataDir, 'wonen', CALLER)).expect(401);
    const answer = await request(base).get('/caller-access').set(await gatewayTokenHeaders(dataDir, 'gemeente', CALLER)).expect(200);
    expect(answer.body).toEqual({ Household: ['H-0001'], Person: ['P-0001', 'P-0002', 'P-0003'] });
    expect(answer.headers['x-sql-statements']).toBe('1');
  });

  test('unknown ids resolve to null, not an error', async () => {
    const gemeente = await start('gemeente');
    const result = await query(gemeente, { query: '{ household(id: "H-9999999") { id } person(id: "nope") { id } }' });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({ household: null, person: null });
  });

  test('a malformed query gets an error code and no stack trace', async () => {
    const wonen = await start('wonen');
    const result = await query(wonen, { query: '{ _entities(' });
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(result.body)).not.toMatch(/stacktrace|at .*\.js/);
  });
});
