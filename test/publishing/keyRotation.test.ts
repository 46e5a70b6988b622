import path from 'node:path';
import { decodeProtectedHeader } from 'jose';
import type { GatewayHooks } from '../../gateway/GatewayHooks';
import { GATEWAY_TOKEN_HEADER } from '../../platform/callerToken';
import { signingKeyFile } from '../../platform/gatewayJwks';
import { DEMO, headersFor } from '../harness/callers';
import { runScript, runScriptAsync } from '../audit/runScript';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Issue 8, item 6: the gateway publishes its token keys as a JWKS; `npm run keys:rotate`
 * puts a new key in force while requests flow, the old key stays published, and no
 * subgraph refuses a token on the way.
 */

const kids = new Set<string>();
const seen: GatewayHooks = {
  willSendSubgraphRequest({ request }) {
    const token = request.http?.headers.get(GATEWAY_TOKEN_HEADER);
    if (token) kids.add(String(decodeProtectedHeader(token).kid));
  },
};

let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: 5, gateway: { hooks: [seen], subgraphTimeoutMs: 15_000 } });
});
afterAll(() => system.close());

async function jwks(): Promise<Array<{ kid: string; kty: string; alg: string; d?: string }>> {
  const response = await fetch(new URL('/.well-known/jwks.json', system.gatewayOrigin));
  expect(response.headers.get('content-type')).toMatch(/application\/jwk-set\+json/);
  return ((await response.json()) as { keys: Array<{ kid: string; kty: string; alg: string; d?: string }> }).keys;
}

test('GET /.well-known/jwks.json publishes the signing key\'s public half only, by kid', async () => {
  const keys = await jwks();
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256', crv: 'P-256', use: 'sig' });
  expect(keys[0]!.d).toBeUndefined(); // never the private part
  await system.query('{ household(id: "H-0001") { id } }', { headers: await headersFor(DEMO.regisseur) });
  expect([...kids]).toEqual([keys[0]!.kid]);
});

test('keys:rotate while requests flow: no request fails, the new key signs, both stay published', async () => {
  const [before] = await jwks();
  let running = true;
  const failures: unknown[] = [];
  let answered = 0;
  const load = Array.from({ length: 4 }, async (_, i) => {
    const caller = [DEMO.regisseur, DEMO.schuldhulp, DEMO.wonen, DEMO.veiligthuis][i]!;
    while (running) {
      const answer = await system.query('{ household(id: "H-0001") { address { city } members { name } } }', { headers: await headersFor(caller) });
      answered += 1;
      if (answer.status !== 200 || answer.body.errors) failures.push(answer.body);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const rotated = await runScriptAsync('keysRotate.ts', ['--data-dir', system.dataDir]);
  expect(rotated.status).toBe(0);
  expect(rotated.stdout).toMatch(new RegExp(`signing key rotated: ${before!.kid} -> \\S+`));
  const newKid = /-> (\S+)/.exec(rotated.stdout)![1]!;
  // The gateway follows within a second; keep the load on for a few more.
  const deadline = Date.now() + 10_000;
  while (!kids.has(newKid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 500));
  running = false;
  await Promise.all(load);

  expect(failures).toEqual([]);
  expect(answered).toBeGreaterThan(8);
  expect(kids).toContain(newKid);
  const published = (await jwks()).map((k) => k.kid);
  expect(published).toEqual([newKid, before!.kid]);
  expect(signingKeyFile(system.dataDir)).toBe(path.join(system.dataDir, 'keys', 'gateway-signing.pem'));
});

test('keys:rotate with a bad argument prints usage and exits 2, rotating nothing', async () => {
  const before = (await jwks()).map((k) => k.kid);
  const result = runScript('keysRotate.ts', ['--data-dir']);
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/Usage: npm run keys:rotate/);
  expect((await jwks()).map((k) => k.kid)).toEqual(before);
});
