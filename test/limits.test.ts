import request from 'supertest';
import { DEFAULT_QUERY_LIMITS } from '../gateway/limits/QueryLimits';
import { DEMO, headersFor } from './harness/callers';
import { startSystem, type RunningSystem } from './harness/startSystem';

let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: 5 });
});
afterAll(() => system.close());

const L = DEFAULT_QUERY_LIMITS;
const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
// household → members → household → members … : depth grows by 2 per round.
const deep = (levels: number) => `{ household(id: "H-0001") { ${'members { household { '.repeat(levels)} id ${'} } '.repeat(levels)} } }`;

describe('abuse limits, before planning: QUERY_TOO_COMPLEX with the limit named', () => {
  test.each([
    ['depth', deep(5), new RegExp(`${L.maxDepth}`)],
    ['aliases', `{ household(id: "H-0001") { ${repeat(L.maxAliases + 1, (i) => `a${i}: id`)} } }`, new RegExp(`${L.maxAliases}`)],
    ['rootFields', `{ ${repeat(L.maxRootFields + 1, (i) => `h${i}: household(id: "H-0001") { id }`)} }`, new RegExp(`limit is ${L.maxRootFields}`)],
    ['directives', `{ household(id: "H-0001") { id ${repeat(L.maxDirectives + 1, () => '@include(if: true)')} } }`, new RegExp(`${L.maxDirectives}`)],
    ['tokens', `{ household(id: "H-0001") { ${repeat(L.maxTokens, () => 'id')} } }`, new RegExp(`more than ${L.maxTokens} tokens`)],
    ['documentSize', `{ household(id: "H-0001") { id } } ${'#'.repeat(L.maxDocumentBytes)}`, new RegExp(`limit is ${L.maxDocumentBytes}`)],
  ])('%s', async (limit, query, message) => {
    const answer = await system.query(query, { headers: await headersFor(DEMO.regisseur) });
    expect(answer.status).toBe(400);
    expect(answer.body.data ?? null).toBeNull();
    const error = answer.body.errors?.find((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX');
    expect(error?.extensions?.limit).toBe(limit);
    expect(error?.message).toMatch(message);
  });

  test('cost, with the limit set in configuration', async () => {
    const strict = await startSystem({ households: 3, gateway: { limits: { maxCost: 20 } } });
    try {
      const view = '{ household(id: "H-0001") { id address { city street } members { id name debtCase { status totalDebt } } tenancy { status } } }';
      const answer = await strict.query(view, { headers: await headersFor(DEMO.regisseur) });
      expect(answer.status).toBe(400);
      expect(answer.body.data ?? null).toBeNull();
      expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
      expect(answer.body.errors?.[0]?.message).toMatch(/limit of 20/);
      // The default limit lets the same view through.
      const relaxed = await system.query(view, { headers: await headersFor(DEMO.regisseur) });
      expect(relaxed.body.errors).toBeUndefined();
    } finally {
      await strict.close();
    }
  });

  test('a household view stays inside every limit', async () => {
    const answer = await system.query(
      `{ household(id: "H-0001") { id address { city } members { id name debtCase { status totalDebt } paymentArrears { kind amount } safetyFlag } tenancy { status } urgencyApplication { status } involvements { agency } } }`,
      { headers: await headersFor(DEMO.regisseur) },
    );
    expect(answer.body.errors).toBeUndefined();
  });

  test('an oversized body is refused with 413 before it is read whole', async () => {
    const response = await request(system.gatewayOrigin)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(L.maxBodyBytes) } }));
    expect(response.status).toBe(413);
    expect(response.body.errors[0].message).toMatch(String(L.maxBodyBytes));
  });

  test.each([
    // The one declared write (policy.yaml `writes`) gives the API a Mutation type; anything else on it is unknown.
    ['mutation { x }', /Cannot query field "x" on type "Mutation"/],
    ['subscription { y }', /read-only/],
  ])('%s: refused with a 400 that says so (no 500)', async (query, message) => {
    const answer = await system.query(query, { headers: await headersFor(DEMO.regisseur) });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.body.errors?.[0]?.message).toMatch(message);
  });

  test('field suggestions: on in development, off when configured off (the production default)', async () => {
    const headers = await headersFor(DEMO.regisseur);
    const development = await system.query('{ household(id: "H-0001") { adress { city } } }', { headers });
    expect(development.body.errors?.[0]?.message).toMatch(/Did you mean "address"/);
    const quiet = await startSystem({ households: 3, gateway: { schemaSuggestions: false } });
    try {
      const answer = await quiet.query('{ household(id: "H-0001") { adress { city } } }', { headers });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.body.errors?.[0]?.message).not.toMatch(/Did you mean|address/);
      expect(JSON.stringify(answer.body)).not.toMatch(/stacktrace|\.ts:\d+/);
    } finally {
      await quiet.close();
    }
  });

  test('broken JSON is refused with 400 and a hint', async () => {
    const response = await request(system.gatewayOrigin).post('/graphql').set('content-type', 'application/json').send('{"query": ');
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors[0].message).toMatch(/not valid JSON/);
  });

  test('batched HTTP requests are refused unless configured', async () => {
    const headers = await headersFor(DEMO.regisseur);
    const response = await request(system.gatewayOrigin)
      .post('/graphql')
      .set('content-type', 'application/json')
      .set(headers)
      .send(JSON.stringify([{ query: '{ household(id: "H-0001") { id } }' }, { query: '{ household(id: "H-0001") { id } }' }]));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).not.toMatch(/H-0001/);
  });
});
