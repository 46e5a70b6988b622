import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { AuthConfigError } from '../../gateway/auth/AuthConfigError';
import { AuthenticationError } from '../../gateway/auth/AuthenticationError';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER, DEV_JWT_SECRET, authConfigFromEnv, resolveAuthConfig, type AuthConfig } from '../../gateway/auth/authConfig';
import { createCallerVerifier } from '../../gateway/auth/verifyCaller';
import { nowSeconds, tempDir } from './tokenParts';

const PROVIDER = 'https://login.example.nl';
const identity = { sub: 'u-schuld-1', name: 'S. Hulp', org: 'schuldhulp', role: 'schuldhulpverlener' };

function configError(build: () => unknown): AuthConfigError {
  try {
    build();
  } catch (err) {
    if (err instanceof AuthConfigError) return err;
    throw err;
  }
  throw new Error('expected an AuthConfigError');
}

function providerToken(key: Parameters<SignJWT['sign']>[0], alg: string, extraHeader: Record<string, string> = {}): Promise<string> {
  const now = nowSeconds();
  return new SignJWT(identity)
    .setProtectedHeader({ alg, ...extraHeader })
    .setIssuer(PROVIDER)
    .setAudience(DEFAULT_JWT_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
}

async function reason(config: AuthConfig, token: string): Promise<string> {
  try {
    await createCallerVerifier(config)(`Bearer ${token}`);
    return 'accepted';
  } catch (err) {
    if (err instanceof AuthenticationError) return err.reason;
    throw err;
  }
}

describe('development defaults', () => {
  test('HS256 with the documented secret, dev issuer and gateway audience, 30 s tolerance', () => {
    const config = authConfigFromEnv({});
    expect(config).toMatchObject({
      mode: 'development',
      issuer: DEFAULT_JWT_ISSUER,
      audience: DEFAULT_JWT_AUDIENCE,
      algorithms: ['HS256'],
      clockToleranceSeconds: 30,
      key: { kind: 'dev-secret', secret: DEV_JWT_SECRET },
    });
    expect(DEFAULT_JWT_ISSUER).toBe('huishoudview-dev');
    expect(DEFAULT_JWT_AUDIENCE).toBe('huishoudview-gateway');
  });

  test('JWT_DEV_SECRET, JWT_ISSUER, JWT_AUDIENCE and JWT_CLOCK_TOLERANCE_SECONDS override', () => {
    const secret = 'a-local-secret-that-is-long-enough-0123456789';
    const config = authConfigFromEnv({ JWT_DEV_SECRET: secret, JWT_ISSUER: 'me', JWT_AUDIENCE: 'you', JWT_CLOCK_TOLERANCE_SECONDS: '5' });
    expect(config).toMatchObject({ issuer: 'me', audience: 'you', clockToleranceSeconds: 5, key: { kind: 'dev-secret', secret } });
  });

  test('refuses a short dev secret (RFC 7518 §3.2) and a silly tolerance', () => {
    expect(configError(() => authConfigFromEnv({ JWT_DEV_SECRET: 'short' })).setting).toBe('JWT_DEV_SECRET');
    expect(configError(() => authConfigFromEnv({ JWT_CLOCK_TOLERANCE_SECONDS: 'soon' })).setting).toBe('JWT_CLOCK_TOLERANCE_SECONDS');
  });
});

describe('production', () => {
  test('refuses to start with no key: the dev secret is never the fallback', () => {
    const error = configError(() => authConfigFromEnv({ NODE_ENV: 'production', JWT_ISSUER: PROVIDER }));
    expect(error.setting).toBe('JWT_JWKS_URL');
    expect(error.message).toMatch(/JWT_JWKS_URL/);
    expect(error.message).toMatch(/JWT_PUBLIC_KEY_FILE/);
  });

  test('refuses a dev secret, even next to a real key', () => {
    for (const devSecret of [DEV_JWT_SECRET, 'some-other-shared-secret-of-at-least-32-bytes']) {
      const error = configError(() => authConfigFromEnv({ NODE_ENV: 'production', JWT_ISSUER: PROVIDER, JWT_JWKS_URL: `${PROVIDER}/jwks`, JWT_DEV_SECRET: devSecret }));
      expect(error.setting).toBe('JWT_DEV_SECRET');
      expect(error.fix).toMatch(/Unset JWT_DEV_SECRET/);
      expect(error.message).not.toContain(devSecret);
    }
    expect(() => resolveAuthConfig({ mode: 'production', issuer: PROVIDER, devSecret: DEV_JWT_SECRET })).toThrow(AuthConfigError);
  });

  test('a hand-built production config holding the dev secret cannot make a verifier', () => {
    const devConfig = resolveAuthConfig({ mode: 'development' });
    expect(() => createCallerVerifier({ ...devConfig, mode: 'production' })).toThrow(AuthConfigError);
  });

  test('refuses the development issuer, plain-http JWKS, and two key sources at once', () => {
    expect(configError(() => authConfigFromEnv({ NODE_ENV: 'production', JWT_JWKS_URL: `${PROVIDER}/jwks` })).setting).toBe('JWT_ISSUER');
    expect(configError(() => authConfigFromEnv({ NODE_ENV: 'production', JWT_ISSUER: PROVIDER, JWT_JWKS_URL: 'http://login.example.nl/jwks' })).setting).toBe('JWT_JWKS_URL');
    expect(() => authConfigFromEnv({ NODE_ENV: 'production', JWT_ISSUER: PROVIDER, JWT_JWKS_URL: `${PROVIDER}/jwks`, JWT_PUBLIC_KEY_FILE: '/x.pem' })).toThrow(/both set/);
  });

  test('a JWKS URL allows RS256 and ES256 only', () => {
    expect(authConfigFromEnv({ NODE_ENV: 'production', JWT_ISSUER: PROVIDER, JWT_JWKS_URL: `${PROVIDER}/jwks` })).toMatchObject({
      mode: 'production',
      algorithms: ['RS256', 'ES256'],
      key: { kind: 'jwks' },
    });
  });
});

describe('JWT_PUBLIC_KEY_FILE', () => {
  const tmp = tempDir('auth-pem-');
  afterAll(tmp.cleanup);

  function writeKey(name: string, key: KeyObject, type: 'spki' | 'pkcs8'): string {
    const file = path.join(tmp.dir, name);
    fs.writeFileSync(file, key.export({ type, format: 'pem' }));
    return file;
  }
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const production = (file: string): AuthConfig => authConfigFromEnv({ NODE_ENV: 'production', JWT_ISSUER: PROVIDER, JWT_PUBLIC_KEY_FILE: file });

  test('an RSA key means RS256 only; an EC P-256 key ES256 only', async () => {
    const rsaConfig = production(writeKey('rsa.pub.pem', rsa.publicKey, 'spki'));
    expect(rsaConfig.algorithms).toEqual(['RS256']);
    expect(await reason(rsaConfig, await providerToken(rsa.privateKey, 'RS256'))).toBe('accepted');

    const ecConfig = production(writeKey('ec.pub.pem', ec.publicKey, 'spki'));
    expect(ecConfig.algorithms).toEqual(['ES256']);
    expect(await reason(ecConfig, await providerToken(ec.privateKey, 'ES256'))).toBe('accepted');
    expect(await reason(ecConfig, await providerToken(rsa.privateKey, 'RS256'))).toBe('algorithm');
  });

  test('algorithm confusion: HS256 keyed with the public PEM is refused (RFC 8725 §2.1)', async () => {
    const file = writeKey('rsa2.pub.pem', rsa.publicKey, 'spki');
    const confused = await providerToken(new TextEncoder().encode(fs.readFileSync(file, 'utf8')), 'HS256');
    expect(await reason(production(file), confused)).toBe('algorithm');
  });

  test('the dev secret cannot sign for a production gateway', async () => {
    const devToken = await providerToken(new TextEncoder().encode(DEV_JWT_SECRET), 'HS256');
    expect(await reason(production(writeKey('ec2.pub.pem', ec.publicKey, 'spki')), devToken)).toBe('algorithm');
  });

  test('refuses a private key, a weak RSA key, another curve, and a missing file', () => {
    expect(() => production(writeKey('private.pem', ec.privateKey, 'pkcs8'))).toThrow(/SPKI/);
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(() => production(writeKey('weak.pub.pem', weak, 'spki'))).toThrow(/2048/);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey;
    expect(() => production(writeKey('p384.pub.pem', p384, 'spki'))).toThrow(/P-256/);
    expect(configError(() => production(path.join(tmp.dir, 'absent.pem'))).message).toMatch(/ENOENT/);
  });
});

describe('JWT_JWKS_URL', () => {
  let server: http.Server;
  let jwksUrl: string;
  let config: AuthConfig;
  let signingKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    signingKey = pair.privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'provider-key-1', alg: 'ES256', use: 'sig' };
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    // Development allows http, so a local JWKS server can stand in for the provider.
    config = resolveAuthConfig({ mode: 'development', issuer: PROVIDER, jwksUrl, jwksCooldownMs: 0, jwksTimeoutMs: 1000 });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a token signed with a key in the set verifies', async () => {
    expect(await reason(config, await providerToken(signingKey, 'ES256', { kid: 'provider-key-1' }))).toBe('accepted');
  });

  test('a token whose kid is not in the set: signature', async () => {
    const stranger = (await generateKeyPair('ES256')).privateKey;
    expect(await reason(config, await providerToken(stranger, 'ES256', { kid: 'unknown-key' }))).toBe('signature');
  });

  test('an unreachable JWKS endpoint: unverifiable (not the caller\'s fault)', async () => {
    const down = resolveAuthConfig({ mode: 'development', issuer: PROVIDER, jwksUrl: 'http://127.0.0.1:1/jwks.json', jwksTimeoutMs: 500 });
    expect(await reason(down, await providerToken(signingKey, 'ES256', { kid: 'provider-key-1' }))).toBe('unverifiable');
  });
});
