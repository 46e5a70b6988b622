import { SignJWT, type JWTPayload } from 'jose';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER, DEV_JWT_SECRET } from '../../gateway/auth/authConfig';
import { DEMO, tokenFor } from '../harness/callers';
import { expectRefused, subgraphRecorder } from '../harness/policyExpectations';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Every bad token at the gateway: UNAUTHENTICATED, HTTP 401 with a Bearer challenge, no
 * data, and no agency asked anything.
 */

const secret = new TextEncoder().encode(DEV_JWT_SECRET);
const VIEW = '{ household(id: "H-0001") { id address { street } members { id name debtCase { status } } } }';

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** The claims of a good token for u-regisseur-1, which the gateway accepts (see the control test). */
function claims(overrides: JWTPayload = {}): JWTPayload {
  const t = now();
  return { sub: 'u-regisseur-1', name: 'Karin Visser', org: 'gemeente', role: 'regisseur', iss: DEFAULT_JWT_ISSUER, aud: DEFAULT_JWT_AUDIENCE, iat: t, nbf: t, exp: t + 600, ...overrides };
}

function without(...names: string[]): JWTPayload {
  const c = claims();
  for (const name of names) delete c[name];
  return c;
}

function sign(payload: JWTPayload, key: Uint8Array = secret): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const recorder = subgraphRecorder();
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: 20, gateway: { hooks: [recorder.hook] } });
});
afterAll(() => system.close());

async function askWith(authorization: string | undefined, tag: string) {
  const headers: Record<string, string> = { 'x-purpose': 'regie', ...recorder.tag(tag) };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await fetch(system.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: VIEW }),
  });
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: (await response.json()) as never };
}

test('control: a well-made token with these claims is accepted, so the refusals below are about the token alone', async () => {
  const answer = await askWith(`Bearer ${await sign(claims())}`, 'control');
  expect(answer.status).toBe(200);
  expect(answer).toMatchObject({ body: { data: { household: { id: 'H-0001', address: { street: 'Spui' } } } } });
  expect(recorder.calls('control').length).toBeGreaterThan(0);
});

const CASES: Array<[string, () => Promise<string | undefined>, RegExp]> = [
  ['no Authorization header', async () => undefined, /Sign in first/],
  ['an empty Authorization header', async () => '', /Sign in first/],
  ['not Bearer (Basic)', async () => `Basic ${Buffer.from('u-regisseur-1:secret').toString('base64')}`, /valid token/],
  ['Bearer without a token', async () => 'Bearer ', /valid token|Sign in/],
  ['the token without "Bearer"', async () => sign(claims()), /valid token/],
  ['a malformed token (not three parts)', async () => 'Bearer not-a-jwt', /valid token/],
  ['a malformed token (three parts of garbage)', async () => 'Bearer abc.def.ghi', /valid token/],
  ['an expired token', async () => `Bearer ${await sign(claims({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 }))}`, /expired/],
  ['a token not yet valid (nbf in 10 minutes)', async () => `Bearer ${await sign(claims({ nbf: now() + 600, exp: now() + 3600 }))}`, /not valid yet/],
  ['a token signed with another secret', async () => `Bearer ${await sign(claims(), new TextEncoder().encode('another-secret-of-at-least-thirty-two-bytes!'))}`, /could not be verified/],
  ['an alg "none" token', async () => `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, /not signed the way/],
  [
    'a tampered payload (role changed to veiligthuis-medewerker, signature kept)',
    async () => {
      const [header, , signature] = (await sign(claims())).split('.');
      return `Bearer ${header}.${b64(claims({ role: 'veiligthuis-medewerker', sub: 'u-vt-1' }))}.${signature}`;
    },
    /could not be verified/,
  ],
  ['a token without role', async () => `Bearer ${await sign(without('role'))}`, /lacks required details/],
  ['a token without sub', async () => `Bearer ${await sign(without('sub'))}`, /lacks required details/],
  ['a token without name and org', async () => `Bearer ${await sign(without('name', 'org'))}`, /lacks required details/],
  ['a token without exp', async () => `Bearer ${await sign(without('exp'))}`, /lacks required details/],
  ['a token with an empty role', async () => `Bearer ${await sign(claims({ role: '' }))}`, /lacks required details/],
  ['a token for another audience', async () => `Bearer ${await sign(claims({ aud: 'some-other-service' }))}`, /another service/],
  ['a token from another issuer', async () => `Bearer ${await sign(claims({ iss: 'https://evil.example' }))}`, /does not trust/],
];

test.each(CASES)('%s → UNAUTHENTICATED, 401, no data, no agency asked', async (name, header, message) => {
  const answer = await askWith(await header(), `bad-${name}`);
  const error = expectRefused(answer, { code: 'UNAUTHENTICATED', status: 401 });
  expect(error.message).toMatch(message);
  expect(answer.challenge).toMatch(/^Bearer realm="huishoudview"/);
  expect(recorder.calls(`bad-${name}`)).toEqual([]);
  // Neither the token nor a claim value is echoed back.
  expect(JSON.stringify(answer.body)).not.toMatch(/eyJ|Karin|u-regisseur-1/);
});

test('a bad token with a purpose of another role still gets UNAUTHENTICATED first, not a purpose error', async () => {
  const response = await system.query(VIEW, { headers: { authorization: 'Bearer abc.def.ghi', 'x-purpose': 'veiligheid' } });
  expectRefused(response, { code: 'UNAUTHENTICATED', status: 401 });
});

test('a development token from the token command (the same signer) is accepted', async () => {
  const response = await system.query(VIEW, { headers: { authorization: `Bearer ${await tokenFor(DEMO.regisseur)}`, 'x-purpose': 'regie' } });
  expect(response.status).toBe(200);
  expect(response.body.data).toMatchObject({ household: { id: 'H-0001' } });
});
