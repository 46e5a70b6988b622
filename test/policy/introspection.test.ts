import { defaultGatewayOptions } from '../../gateway/config';
import { DEMO, headersFor } from '../harness/callers';
import { expectRefused } from '../harness/policyExpectations';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Introspection is off unless configured, and on by default only in development
 * (gateway/config.ts: NODE_ENV !== 'production'; Jest runs with NODE_ENV=test).
 */

const SCHEMA = '{ __schema { queryType { name fields { name } } types { name } } }';
const TYPE = '{ __type(name: "ShelterStay") { name fields { name } } }';

describe('by default outside production', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ households: 3 });
  });
  afterAll(() => system.close());

  test('the default is on when NODE_ENV is not production (here: test)', () => {
    expect(process.env.NODE_ENV).not.toBe('production');
    expect(defaultGatewayOptions().introspection).toBe(true);
    expect(system.gateway.options.introspection).toBe(true);
  });

  test('__schema answers with the public schema: the root fields of docs/domain.md, no federation internals', async () => {
    const answer = await system.query(SCHEMA, { headers: await headersFor(DEMO.regisseur) });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const schema = answer.body.data?.__schema as { queryType: { name: string; fields: Array<{ name: string }> }; types: Array<{ name: string }> };
    expect(schema.queryType.name).toBe('Query');
    expect(schema.queryType.fields.map((f) => f.name).sort()).toEqual(['accessLog', 'auditChain', 'earlySignals', 'household', 'myAccessLog', 'myHouseholds', 'person', 'unusualAccess']);
    const types = schema.types.map((t) => t.name);
    expect(types).toEqual(expect.arrayContaining(['Household', 'Person', 'DebtCase', 'ShelterStay', 'YouthCareMeasure']));
    expect(types).not.toEqual(expect.arrayContaining(['CallerAccess']));
    expect(types.filter((t) => t.startsWith('_') && !t.startsWith('__') || t.startsWith('join__') || t.startsWith('link__'))).toEqual([]);
  });

  test('__type answers with the fields of a type', async () => {
    const answer = await system.query(TYPE, { headers: await headersFor(DEMO.regisseur) });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual({ __type: { name: 'ShelterStay', fields: ['shelter', 'since', 'until', 'withChildren', 'withoutChildrenReasonCode', 'note'].map((name) => ({ name })) } });
  });

  test('__type of the gateway-only CallerAccess is null: it is not in the public schema', async () => {
    const answer = await system.query('{ __type(name: "CallerAccess") { name } }', { headers: await headersFor(DEMO.regisseur) });
    expect(answer.body).toMatchObject({ data: { __type: null } });
  });

  test('introspection still needs a valid token: without one, UNAUTHENTICATED', async () => {
    const answer = await system.query(SCHEMA, { headers: { 'x-purpose': 'regie' } });
    expectRefused(answer, { code: 'UNAUTHENTICATED', status: 401, secrets: ['ShelterStay', 'Household'] });
  });
});

describe('with introspection: false', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ households: 3, gateway: { introspection: false } });
  });
  afterAll(() => system.close());

  test.each([
    ['__schema', SCHEMA],
    ['__type', TYPE],
    ['__schema inside a fragment', 'query { ...I } fragment I on Query { __schema { types { name } } }'],
    ['__type under an alias', '{ t: __type(name: "Person") { fields { name } } }'],
  ])('%s is refused by Apollo (GRAPHQL_VALIDATION_FAILED, 400), with no schema in the answer', async (_name, query) => {
    const answer = await system.query(query, { headers: await headersFor(DEMO.regisseur) });
    const error = expectRefused(answer, { code: 'GRAPHQL_VALIDATION_FAILED', status: 400, secrets: ['ShelterStay', 'Household', 'DebtCase', 'youthCare'] });
    expect(error.message).toMatch(/introspection is not allowed/);
  });

  test('__typename is not introspection and still answers', async () => {
    const answer = await system.query('{ household(id: "H-0001") { __typename id } }', { headers: await headersFor(DEMO.regisseur) });
    expect(answer.body).toMatchObject({ data: { household: { __typename: 'Household', id: 'H-0001' } } });
    expect(answer.body.errors).toBeUndefined();
  });
});
