import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { createKeepAliveFetcher, type KeepAliveFetcher } from '../../gateway/keepAliveFetcher';
import { DataVersionWatch } from '../../gateway/policy/DataVersionWatch';
import { createRowScopeFetcher } from '../../gateway/policy/fetchRowScope';
import type { RowScope } from '../../policies/PolicyEngine';
import { createCallerTokenSigner, type CallerTokenSigner } from '../../platform/callerToken';
import { loadOrCreateGatewayKeys } from '../../platform/gatewayKeys';
import { seedAll } from '../../seed/seedAll';
import { loadRegistry, registryEntry } from '../../schema/SubgraphRegistry';
import { startHostedSubgraph } from '../../subgraphs/loadAgencyDefinition';
import type { RunningSubgraph } from '../../subgraphs/kit/startSubgraph';
import { gatewayTokenHeaders } from '../harness/callers';

/*
 * The need-to-know look-up is kept while the referral index's data version stays the same
 * (gateway/policy/DataVersionWatch.ts), against the real gemeente subgraph: a change ends
 * every kept answer within one poll, and whenever the version cannot be read, the plain
 * time limit (RELATION_CACHE_MS) decides as before.
 */

const CACHE_MS = 150;
const VERSIONED_MS = 1200;
const POLL_MS = 20;
const CALLER = { sub: 'u-regisseur-2', org: 'gemeente', role: 'regisseur', purpose: 'regie' };

let dataDir: string;
let gemeente: RunningSubgraph;
let signer: CallerTokenSigner;
let fetcher: KeepAliveFetcher;
const watches: DataVersionWatch[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hv-relation-version-'));
  seedAll({ dataDir, households: 5, seed: 1 });
  gemeente = await startHostedSubgraph(registryEntry(loadRegistry(), 'gemeente'), { port: 0, dataDir });
  signer = createCallerTokenSigner(await loadOrCreateGatewayKeys(dataDir));
  fetcher = createKeepAliveFetcher({ timeoutMs: 1000 });
});

afterAll(async () => {
  for (const watch of watches) watch.close();
  fetcher.destroy();
  await gemeente.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const origin = () => gemeente.url.replace('/graphql', '');

/** Requests gemeente has answered, less our own calls to /stats: the look-ups (the watch's polls are not requests). */
let statsCalls = 0;
async function lookups(): Promise<number> {
  statsCalls += 1;
  const response = await fetch(`${origin()}/stats`, { headers: await gatewayTokenHeaders(dataDir, 'gemeente', CALLER) });
  return ((await response.json()) as { requests: number }).requests - statsCalls;
}

/** The look-up as the gateway builds it; `freshMs` is generous so a loaded machine's late poll does not decide a test. */
function scopeFetcher(versionRoute: string, { cacheMs = CACHE_MS, freshMs = 5000, versionedMs = VERSIONED_MS }: { cacheMs?: number; freshMs?: number; versionedMs?: number } = {}) {
  const watch = new DataVersionWatch({ agency: 'gemeente', url: `${origin()}${versionRoute}`, signer, fetcher: fetcher.fetch, pollMs: POLL_MS, freshMs });
  watches.push(watch);
  const fetchScope = createRowScopeFetcher({
    agency: 'gemeente',
    agencyUrl: gemeente.url,
    route: '/caller-access',
    subjectTypes: ['Household', 'Person'],
    signer,
    timeoutMs: 1000,
    fetcher: fetcher.fetch,
    cacheMs,
    watch,
    versionedCacheMs: versionedMs,
  });
  return () => fetchScope(CALLER, 'test');
}

/** Gives u-regisseur-2 a relation with H-0001's first member, or ends it (a real change in the referral index). */
function setRelation(active: boolean): void {
  const db = new Database(path.join(dataDir, 'gemeente.sqlite'));
  try {
    if (active) db.prepare(`INSERT INTO registrations (person_id, agency, professional_sub, since, ended_at) VALUES ('P-0001', 'gemeente', 'u-regisseur-2', '2026-11-25', NULL)`).run();
    else db.prepare(`UPDATE registrations SET ended_at = '2026-11-26' WHERE professional_sub = 'u-regisseur-2' AND person_id = 'P-0001' AND ended_at IS NULL`).run();
  } finally {
    db.close();
  }
}

/** One look-up, then waits for the watch's first poll (it starts with the first question) to answer, or to fail. */
async function settle(ask: () => Promise<unknown>): Promise<void> {
  await ask();
  const watch = watches.at(-1)!;
  for (let waited = 0; watch.current() === null && waited < 1000; waited += POLL_MS) await sleep(POLL_MS);
  await sleep(POLL_MS * 2);
}

test('while the version stays the same, one look-up serves past RELATION_CACHE_MS', async () => {
  const ask = scopeFetcher('/data-version');
  await settle(ask);
  const before = await lookups();
  const first = await ask();
  await sleep(CACHE_MS * 3);
  expect(await ask()).toEqual(first);
  expect(await lookups()).toBe(before); // the one made while settling still serves
});

/** Asks until `wanted` holds, for at most 3 s; returns whether it came to hold. */
async function eventually(ask: () => Promise<RowScope>, wanted: (scope: RowScope) => boolean): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < 3000; await sleep(POLL_MS)) if (wanted(await ask())) return true;
  return false;
}

test('a change in the referral index ends every kept answer within a poll, even where RELATION_CACHE_MS alone would keep it a minute', async () => {
  const ask = scopeFetcher('/data-version', { cacheMs: 60_000 });
  await settle(ask);
  expect((await ask()).Household ?? []).not.toContain('H-0001');
  setRelation(true);
  expect(await eventually(ask, (scope) => (scope.Household ?? []).includes('H-0001'))).toBe(true);
  setRelation(false);
  expect(await eventually(ask, (scope) => !(scope.Household ?? []).includes('H-0001'))).toBe(true);
});

test('an answer is never kept past RELATION_CACHE_MAX_MS, changed or not', async () => {
  // Long enough that a loaded machine's settling never outlasts it.
  const versionedMs = 3000;
  const ask = scopeFetcher('/data-version', { versionedMs });
  await settle(ask);
  const before = await lookups();
  await ask(); // kept
  await sleep(versionedMs + 100);
  await ask(); // past the maximum: asked again
  expect(await lookups()).toBe(before + 1);
});

test.each([
  ['the version route does not exist (404)', '/no-such-route'],
  ['the route answers something that is no version', '/health'],
])('when the version cannot be read (%s), RELATION_CACHE_MS alone decides', async (_name, versionRoute) => {
  const cacheMs = 2000;
  const ask = scopeFetcher(versionRoute, { cacheMs });
  await settle(ask);
  expect(watches.at(-1)!.current()).toBeNull(); // the watch polled for a second and never confirmed a version
  await sleep(cacheMs + 100);
  const before = await lookups();
  await ask(); // the answer from settling is older than RELATION_CACHE_MS: asked again
  await ask(); // within it: kept
  await sleep(cacheMs + 100);
  await ask(); // past it: asked again
  expect(await lookups()).toBe(before + 2);
});
