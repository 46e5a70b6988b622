import fs from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from '../../schema/composeSupergraph';
import { SUBGRAPH_CHECKS } from '../../schema/subgraphChecks';
import { supergraphVersion } from '../../gateway/supergraphVersion';
import { writeFileAtomically } from '../../platform/writeFileAtomically';
import { DEMO, headersFor } from '../harness/callers';
import { askTraced, expectChainVerifies, recordFor } from '../harness/auditTrail';
import { registrySources } from '../harness/registrySources';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Issue 8, item 5: a running gateway picks up a newly published supergraph without a
 * restart and without failing a request in flight; one that does not load is refused and
 * the old one keeps serving; the policy layer's labels follow the new supergraph (its
 * filtered-document cache is dropped); every record names the version it was answered under.
 */

const POLL_MS = 200;
const QUERY = '{ household(id: "H-0001") { tenancy { status rentArrears } } }';

/** The real schemas with wonen's rent arrears relabelled from housing to financial-detail. */
function relabelled(): string {
  const sources = registrySources().map((s) =>
    s.name === 'wonen' ? { ...s, sdl: s.sdl.replace(/rentArrears: (\w+) @label\(category: "housing"\)/, 'rentArrears: $1 @label(category: "financial-detail")') } : s,
  );
  expect(sources.find((s) => s.name === 'wonen')!.sdl).toMatch(/rentArrears: \w+ @label\(category: "financial-detail"\)/);
  return composeSupergraph(sources, { checks: SUBGRAPH_CHECKS });
}

let system: RunningSystem;
let file: string;
let supergraphFile: string;
beforeAll(async () => {
  // A generous subgraph deadline: what is tested is that a swap fails no request, not the machine's speed.
  system = await startSystem({ households: 5, gateway: { supergraphPollMs: POLL_MS, subgraphTimeoutMs: 15_000 } });
  file = path.join(system.dataDir, 'audit.sqlite');
  supergraphFile = system.gateway.options.supergraphPath;
});
afterAll(() => system.close());
afterEach(() => expectChainVerifies(file));

async function housingView() {
  return system.query(QUERY, { headers: await headersFor(DEMO.wonen) });
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a new supergraph is served within seconds, under load, with no failed request; labels and records follow it', async () => {
  const before = await housingView();
  expect(before.body.errors).toBeUndefined();
  expect(before.body.data).toEqual({ household: { tenancy: { status: 'BEEINDIGD', rentArrears: 2350 } } });
  const oldVersion = supergraphVersion(fs.readFileSync(supergraphFile, 'utf8'));

  // Load from four callers throughout the swap.
  let running = true;
  const failures: unknown[] = [];
  const answers: number[] = [];
  const load = Array.from({ length: 4 }, async () => {
    while (running) {
      const answer = await housingView();
      answers.push(answer.status);
      const codes = (answer.body.errors ?? []).map((e) => e.extensions?.code);
      if (answer.status !== 200 || codes.some((code) => code !== 'FORBIDDEN_FIELD')) failures.push(answer.body);
    }
  });

  const sdl = relabelled();
  writeFileAtomically(supergraphFile, sdl);
  const after = await until(housingView, (a) => (a.body.errors ?? []).length > 0);
  running = false;
  await Promise.all(load);

  expect(failures).toEqual([]);
  expect(answers.length).toBeGreaterThan(4);
  // woonurgentie may read housing, not financial-detail: the relabelled field is withheld now.
  expect(after.body.data).toEqual({ household: { tenancy: { status: 'BEEINDIGD', rentArrears: null } } });
  expect(after.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN_FIELD', label: 'financial-detail' }) })]);

  const traced = await askTraced(system.gatewayUrl, DEMO.wonen, QUERY);
  const record = recordFor(file, traced.traceId);
  expect(record.supergraphVersion).toBe(supergraphVersion(sdl));
  expect(record.supergraphVersion).not.toBe(oldVersion);
  expect(record.fieldsRedacted).toEqual([{ field: 'Tenancy.rentArrears', label: 'financial-detail' }]);
});

test.each<[string, string]>([
  ['not GraphQL at all', 'this is not a supergraph'],
  ['an empty file', ''],
  ['a subgraph schema instead of a supergraph', 'type Query { hello: String }'],
])('a supergraph that does not load (%s) is refused; the previous one keeps serving', async (_name, text) => {
  const serving = await askTraced(system.gatewayUrl, DEMO.wonen, QUERY);
  const servingVersion = recordFor(file, serving.traceId).supergraphVersion;
  writeFileAtomically(supergraphFile, text);
  // Give the watcher several polls to see (and refuse) it.
  await new Promise((resolve) => setTimeout(resolve, POLL_MS * 5));
  const traced = await askTraced(system.gatewayUrl, DEMO.wonen, QUERY);
  expect(traced.status).toBe(200);
  expect(traced.body.data).toMatchObject({ household: { tenancy: { status: 'BEEINDIGD' } } });
  expect(recordFor(file, traced.traceId).supergraphVersion).toBe(servingVersion);
  const ready = await fetch(new URL('/ready', system.gatewayOrigin));
  expect(ready.status).toBe(200);
});
