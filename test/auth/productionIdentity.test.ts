import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { resolveAuthConfig } from '../../gateway/auth/authConfig';
import { tokenFor } from '../harness/callers';
import { startSystem, type RunningSystem } from '../harness/startSystem';

const ISSUER = 'https://login.gemeente.example';
const AUDIENCE = 'huishoudview-gateway';
let system: RunningSystem;
let privatePem: string;
let keyDir: string;

beforeAll(async () => {
  // The identity provider's key pair: the gateway gets only the public half, as a file.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hv-idp-'));
  const publicKeyFile = path.join(keyDir, 'idp.pub.pem');
  fs.writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const auth = resolveAuthConfig({ mode: 'production', issuer: ISSUER, audience: AUDIENCE, publicKeyFile });
  system = await startSystem({ households: 3, gateway: { auth } });
});
afterAll(async () => {
  await system.close();
  fs.rmSync(keyDir, { recursive: true, force: true });
});

async function providerToken(claims: Record<string, string>, options: { issuer?: string } = {}): Promise<string> {
  const key = await importPKCS8(privatePem, 'RS256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}

const VIEW = '{ household(id: "H-0001") { id address { city } } }';
const REGISSEUR = { sub: 'u-regisseur-1', name: 'Karin Visser', org: 'gemeente', role: 'regisseur' };

describe('production identity: tokens from the identity provider (RS256, public-key file)', () => {
  test('a token the provider signed is accepted', async () => {
    const answer = await system.query(VIEW, { headers: { authorization: `Bearer ${await providerToken(REGISSEUR)}`, 'x-purpose': 'regie' } });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual({ household: { id: 'H-0001', address: { city: 'Den Haag' } } });
  });

  test.each([
    ['a development token (HS256 with the dev secret)', () => tokenFor({ sub: 'u-regisseur-1', role: 'regisseur' })],
    ['a provider-signed token from another issuer', () => providerToken(REGISSEUR, { issuer: 'https://evil.example' })],
  ])('%s is refused: UNAUTHENTICATED, no data', async (_name, token) => {
    const answer = await system.query(VIEW, { headers: { authorization: `Bearer ${await token()}`, 'x-purpose': 'regie' } });
    expect(answer.status).toBe(401);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(answer.body)).not.toMatch(/Den Haag|Samira/);
  });

  test('the development secret is refused for a production configuration', () => {
    expect(() => resolveAuthConfig({ mode: 'production', issuer: ISSUER, devSecret: 'x'.repeat(40) })).toThrow(/JWT_DEV_SECRET|development/);
  });
});
