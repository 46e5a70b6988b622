import path from 'node:path';
import { DEMO, headersFor, type TestCaller } from '../harness/callers';
import { expectChainVerifies } from '../harness/auditTrail';
import { ENERGY_SDL, startEnergySupplier } from '../harness/plainAgency';
import type { PlainSubgraph } from '../harness/plainSubgraph';
import { publishingSandbox, type PublishingSandbox } from '../harness/publishingSandbox';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Issue 8, item 7: an agency outside this repository — a subgraph written with plain
 * @apollo/subgraph and jose, checking the gateway's token through its JWKS — is published
 * with `npm run subgraph:publish` while the gateway is under load, answers its labelled
 * field to a purpose that has the label and is withheld from one that has not, and is
 * retired again. Not one request fails throughout.
 */

const VIEW = '{ household(id: "H-0001") { address { city } members { name } } }';
const ARREARS = '{ household(id: "H-0001") { members { id energyArrears { months amount } } } }';

let system: RunningSystem;
let sandbox: PublishingSandbox;
let energy: PlainSubgraph;
beforeAll(async () => {
  // A generous subgraph deadline: what is tested is that publishing fails no request, not the machine's speed.
  system = await startSystem({ households: 5, gateway: { supergraphPollMs: 200, subgraphTimeoutMs: 15_000 } });
  sandbox = await publishingSandbox({ supergraphFile: system.gateway.options.supergraphPath });
  energy = await startEnergySupplier('energie', system.gatewayOrigin);
});
afterAll(async () => {
  await energy?.close();
  sandbox?.close();
  await system?.close();
});

async function ask(caller: TestCaller, query: string) {
  return system.query(query, { headers: await headersFor(caller) });
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('publish a kit-less agency under load, see its field served and withheld by label, retire it: zero failed requests', async () => {
  let running = true;
  const failures: unknown[] = [];
  let answered = 0;
  const callers = [DEMO.regisseur, DEMO.schuldhulp, DEMO.wonen, DEMO.veiligthuis];
  const load = callers.map(async (caller) => {
    while (running) {
      const answer = await ask(caller, VIEW);
      answered += 1;
      if (answer.status !== 200 || answer.body.errors) failures.push(answer.body);
    }
  });

  // Before: the field does not exist.
  const unknown = await ask(DEMO.regisseur, ARREARS);
  expect(unknown.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

  const schema = sandbox.schemaFile('energie.graphql', ENERGY_SDL);
  const published = await sandbox.run('publish', ['--name', 'energie', '--schema', schema, '--url', energy.url, '--owner', 'Energieleverancier', '--contact', 'privacy@energie.example']);
  expect(published.stderr).toBe('');
  expect(published.status).toBe(0);

  // Within seconds the gateway serves it: regie may read financial-summary.
  const served = await until(() => ask(DEMO.regisseur, ARREARS), (a) => a.body.errors === undefined);
  expect(served.body.errors).toBeUndefined();
  const members = (served.body.data as { household: { members: Array<{ id: string; energyArrears: unknown }> } }).household.members;
  expect(members.find((m) => m.id === 'P-0001')?.energyArrears).toEqual({ months: 3, amount: 412.5 });
  expect(energy.answered).toBeGreaterThan(0);
  expect(energy.refused).toBe(0); // every gateway call carried a token the JWKS vouched for

  // veiligheid may not read financial-summary: withheld, with the label named.
  const withheld = await ask(DEMO.veiligthuis, ARREARS);
  expect(withheld.status).toBe(200);
  const withheldMembers = (withheld.body.data as { household: { members: Array<{ energyArrears: unknown }> } }).household.members;
  expect(withheldMembers.every((m) => m.energyArrears === null)).toBe(true);
  expect(withheld.body.errors).toEqual(
    expect.arrayContaining([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN_FIELD', label: 'financial-summary' }) })]),
  );

  const retired = await sandbox.run('retire', ['--name', 'energie', '--allow-breaking']);
  expect(retired.stderr).toBe('');
  expect(retired.status).toBe(0);
  const gone = await until(() => ask(DEMO.regisseur, ARREARS), (a) => a.body.errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED');
  expect(gone.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

  running = false;
  await Promise.all(load);
  expect(failures).toEqual([]);
  expect(answered).toBeGreaterThan(callers.length * 3);
  expectChainVerifies(path.join(system.dataDir, 'audit.sqlite'));
});
