import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { DEMO, headersFor } from './harness/callers';
import { startSystem, type RunningSystem } from './harness/startSystem';

const CACHE_MS = 300;
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: 5, gateway: { relationCacheMs: CACHE_MS } });
});
afterAll(() => system.close());

async function readsH0001(): Promise<string | undefined> {
  const answer = await system.query('{ household(id: "H-0001") { id } }', { headers: await headersFor(DEMO.otherRegisseur) });
  return answer.body.errors?.[0]?.extensions?.code as string | undefined ?? (answer.body.data?.household ? 'OK' : 'NO DATA');
}

test('a relation registered or ended in the referral index takes effect within the relation cache time', async () => {
  expect(await readsH0001()).toBe('FORBIDDEN');
  const gemeente = new Database(path.join(system.dataDir, 'gemeente.sqlite'));
  try {
    gemeente
      .prepare(`INSERT INTO registrations (person_id, agency, professional_sub, since, ended_at) VALUES ('P-0001', 'gemeente', 'u-regisseur-2', '2026-11-25', NULL)`)
      .run();
    await sleep(CACHE_MS + 100);
    expect(await readsH0001()).toBe('OK');
    gemeente.prepare(`UPDATE registrations SET ended_at = '2026-11-25' WHERE professional_sub = 'u-regisseur-2' AND person_id = 'P-0001'`).run();
    // Within the cache time the old answer may still stand; after it, never.
    await sleep(CACHE_MS + 100);
    expect(await readsH0001()).toBe('FORBIDDEN');
  } finally {
    gemeente.close();
  }
});
