import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { GraphQLError, visit } from 'graphql';
import { startGateway, type RunningGateway } from '../gateway/startGateway';
import { graphqlRequest } from './harness/graphqlRequest';
import { startFakeEndpoint, type FakeEndpointBehaviour, type FakeSubgraph } from './harness/startFakeSubgraph';
import { startFakeGateway, startFakeGemeente, startFakeWonen } from './harness/startFakeGateway';

const HOUSEHOLD = '{ household(id: "H-0001") { id city tenancy } }';

/** No stack trace, file path or internal URL may reach a client. */
function expectNoInternals(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stacktrace|exception|\/srv\/|node_modules|127\.0\.0\.1|serviceName/i);
}

describe('gateway over two fake agencies', () => {
  let gemeente: FakeSubgraph;
  let wonen: FakeSubgraph;
  let gateway: RunningGateway;

  beforeAll(async () => {
    [gemeente, wonen] = await Promise.all([startFakeGemeente(), startFakeWonen()]);
    gateway = await startFakeGateway({ gemeente: gemeente.url, wonen: wonen.url });
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all([gemeente.close(), wonen.close()]);
  });

  it('joins both agencies and reports the summed SQL statements', async () => {
    const { status, body } = await graphqlRequest(gateway.url, HOUSEHOLD);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ household: { id: 'H-0001', city: 'Den Haag', tenancy: 'LOPEND' } });
    expect(body.extensions).toEqual({ sqlStatements: 5, subgraphRequests: 2 });
  });

  it('answers a malformed query with GRAPHQL_PARSE_FAILED and no stack trace', async () => {
    const { status, body } = await graphqlRequest(gateway.url, '{ household(id: "H-0001") { id ');
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    expectNoInternals(body);
  });

  it('answers an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    const { status, body } = await graphqlRequest(gateway.url, '{ household(id: "H-0001") { salary } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toContain('salary');
    expectNoInternals(body);
  });

  it('refuses a body that is not JSON with BAD_USER_INPUT', async () => {
    const response = await request(new URL(gateway.url).origin).post('/graphql').set('content-type', 'application/json').send('{not json');
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('serves /health and /ready', async () => {
    const origin = new URL(gateway.url).origin;
    await request(origin).get('/health').expect(200, { status: 'ok' });
    await request(origin).get('/ready').expect(200, { status: 'ready' });
  });
});

describe('an agency that does not answer', () => {
  let gemeente: FakeSubgraph;
  beforeAll(async () => {
    gemeente = await startFakeGemeente();
  });
  afterAll(() => gemeente.close());

  async function viewWithBrokenWonen(wonenUrl: string, timeoutMs = 3000) {
    const gateway = await startFakeGateway({ gemeente: gemeente.url, wonen: wonenUrl }, { subgraphTimeoutMs: timeoutMs });
    try {
      const started = Date.now();
      const answer = await graphqlRequest(gateway.url, HOUSEHOLD);
      return { ...answer, millis: Date.now() - started };
    } finally {
      await gateway.close();
    }
  }

  function expectRestOfView(body: Awaited<ReturnType<typeof viewWithBrokenWonen>>['body']): void {
    expect(body.data).toEqual({ household: { id: 'H-0001', city: 'Den Haag', tenancy: null } });
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'AGENCY_UNAVAILABLE', agency: 'wonen' });
    expect(body.errors?.[0]?.message).toBe('The wonen agency did not answer; its part of the view is missing. Try again later.');
    expectNoInternals(body);
  }

  it('is down (connection refused): the rest of the view comes back at once', async () => {
    const stopped = await startFakeWonen();
    await stopped.close();
    const { status, body, millis } = await viewWithBrokenWonen(stopped.url);
    expect(status).toBe(200);
    expectRestOfView(body);
    expect(millis).toBeLessThan(1000);
  });

  it('hangs: the gateway gives up after the subgraph timeout', async () => {
    const hanging = await startFakeEndpoint('hang');
    try {
      const { body, millis } = await viewWithBrokenWonen(hanging.url, 300);
      expectRestOfView(body);
      expect(millis).toBeGreaterThanOrEqual(290);
      expect(millis).toBeLessThan(2000);
    } finally {
      await hanging.close();
    }
  });

  it.each<FakeEndpointBehaviour>(['status-500', 'not-json'])('answers %s: AGENCY_UNAVAILABLE without its details', async (behaviour) => {
    const broken = await startFakeEndpoint(behaviour);
    try {
      const { body } = await viewWithBrokenWonen(broken.url);
      expectRestOfView(body);
    } finally {
      await broken.close();
    }
  });
});

describe('hooks for the policy and audit layers', () => {
  let gemeente: FakeSubgraph;
  let wonen: FakeSubgraph;
  beforeAll(async () => {
    [gemeente, wonen] = await Promise.all([startFakeGemeente(), startFakeWonen()]);
  });
  afterAll(async () => {
    await Promise.all([gemeente.close(), wonen.close()]);
  });

  it('prepareOperation can refuse an operation before any agency is asked', async () => {
    const before = gemeente.requests() + wonen.requests();
    const gateway = await startFakeGateway(
      { gemeente: gemeente.url, wonen: wonen.url },
      {
        hooks: [
          {
            prepareOperation() {
              throw new GraphQLError('Declare a purpose in the X-Purpose header.', {
                extensions: { code: 'PURPOSE_REQUIRED', http: { status: 400 } },
              });
            },
          },
        ],
      },
    );
    try {
      const { status, body } = await graphqlRequest(gateway.url, HOUSEHOLD);
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([{ message: 'Declare a purpose in the X-Purpose header.', extensions: { code: 'PURPOSE_REQUIRED' } }]);
      expect(gemeente.requests() + wonen.requests()).toBe(before);
    } finally {
      await gateway.close();
    }
  });

  it('prepareOperation can hand the planner a reduced document, so the agency is never asked', async () => {
    const gateway = await startFakeGateway(
      { gemeente: gemeente.url, wonen: wonen.url },
      {
        hooks: [
          {
            prepareOperation({ document, context }) {
              if (context.req.headers['x-reduce'] !== 'tenancy') return;
              // Drop `tenancy` the way the policy layer drops a field the purpose does not permit.
              return { document: visit(document, { Field: (node) => (node.name.value === 'tenancy' ? null : undefined) }) };
            },
          },
        ],
      },
    );
    try {
      const wonenBefore = wonen.requests();
      const reduced = await graphqlRequest(gateway.url, HOUSEHOLD, { headers: { 'x-reduce': 'tenancy' } });
      expect(reduced.body.errors).toBeUndefined();
      expect(reduced.body.data).toEqual({ household: { id: 'H-0001', city: 'Den Haag' } });
      expect(wonen.requests()).toBe(wonenBefore);
      // The same query text unreduced gets its own plan: a reduced plan is never reused for it.
      const full = await graphqlRequest(gateway.url, HOUSEHOLD);
      expect(full.body.data).toEqual({ household: { id: 'H-0001', city: 'Den Haag', tenancy: 'LOPEND' } });
      expect(wonen.requests()).toBe(wonenBefore + 1);
    } finally {
      await gateway.close();
    }
  });

  it('willSendSubgraphRequest sees every fetch and willSendResponse can withhold the data', async () => {
    const fetched: string[] = [];
    const gateway = await startFakeGateway(
      { gemeente: gemeente.url, wonen: wonen.url },
      {
        hooks: [
          {
            willSendSubgraphRequest({ agency, request: subgraphRequest }) {
              fetched.push(agency);
              subgraphRequest.http?.headers.set('x-caller', 'signed');
            },
            willSendResponse({ result }) {
              expect(result.data).toEqual({ household: { id: 'H-0001', city: 'Den Haag', tenancy: 'LOPEND' } });
              throw new GraphQLError('The access could not be recorded; nothing is shown. Try again later.', {
                extensions: { code: 'AUDIT_UNAVAILABLE', http: { status: 503 } },
              });
            },
          },
        ],
      },
    );
    try {
      const { status, body } = await graphqlRequest(gateway.url, HOUSEHOLD);
      expect(fetched.sort()).toEqual(['gemeente', 'wonen']);
      expect(status).toBe(503);
      expect(body).toEqual({ errors: [{ message: 'The access could not be recorded; nothing is shown. Try again later.', extensions: { code: 'AUDIT_UNAVAILABLE' } }] });
    } finally {
      await gateway.close();
    }
  });

  it('/ready reports a failing readiness check with 503', async () => {
    let auditWritable = false;
    const gateway = await startFakeGateway(
      { gemeente: gemeente.url, wonen: wonen.url },
      { readinessChecks: [{ name: 'audit-store', check: () => auditWritable }] },
    );
    try {
      const origin = new URL(gateway.url).origin;
      await request(origin).get('/ready').expect(503, { status: 'not ready', failing: ['audit-store'] });
      await request(origin).get('/health').expect(200);
      auditWritable = true;
      await request(origin).get('/ready').expect(200);
    } finally {
      await gateway.close();
    }
  });
});

describe('the supergraph file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'household-supergraph-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('missing: startGateway rejects, naming the file and the fix', async () => {
    const file = path.join(dir, 'nowhere.graphql');
    await expect(startGateway({ port: 0, supergraphPath: file })).rejects.toThrow(`Cannot use the supergraph ${file}: the file does not exist; run \`npm run compose\``);
  });

  it.each([
    ['not GraphQL', 'this is { not graphql'],
    ['a plain schema, not a supergraph', 'type Query { hello: String }'],
    ['empty', '   \n'],
  ])('%s: startGateway rejects, naming the file', async (_case, content) => {
    const file = path.join(dir, `broken-${Math.random().toString(36).slice(2)}.graphql`);
    fs.writeFileSync(file, content);
    await expect(startGateway({ port: 0, supergraphPath: file })).rejects.toThrow(`Cannot use the supergraph ${file}: `);
  });
});
