import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { DEMO, headersFor } from './harness/callers';
import { startSystem, type RunningSystem } from './harness/startSystem';

let system: RunningSystem;
let slowAgency = '';

beforeAll(async () => {
  system = await startSystem({
    households: 3,
    gateway: {
      // Holds one agency's fetch, so a request is in flight when shutdown starts.
      hooks: [{ willSendSubgraphRequest: async ({ agency }) => (agency === slowAgency ? sleep(600) : undefined) }],
    },
  });
});
afterAll(() => system.close());

test('on close the gateway stops accepting, finishes the requests in flight, then stops', async () => {
  slowAgency = 'wonen';
  const traceId = randomBytes(16).toString('hex');
  const headers = { ...(await headersFor(DEMO.regisseur)), traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
  const inFlight = system.query('{ household(id: "H-0001") { id tenancy { status } } }', { headers });
  await sleep(150);
  const closing = system.gateway.close();
  await sleep(50);
  // A new request after shutdown began is refused at the socket, not half-answered.
  await expect(fetch(system.gatewayUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
  const answer = await inFlight;
  expect(answer.status).toBe(200);
  expect(answer.body.data).toEqual({ household: { id: 'H-0001', tenancy: { status: 'BEEINDIGD' } } });
  const started = Date.now();
  await closing;
  expect(Date.now() - started).toBeLessThan(2000);
  // …and its audit record was committed before the answer left, so it survives the stop.
  const audit = new Database(path.join(system.dataDir, 'audit.sqlite'), { readonly: true });
  try {
    const row = audit.prepare('SELECT outcome, actor_sub FROM audit_records WHERE trace_id = ?').get(traceId);
    expect(row).toEqual({ outcome: 'OK', actor_sub: 'u-regisseur-1' });
  } finally {
    audit.close();
  }
});
