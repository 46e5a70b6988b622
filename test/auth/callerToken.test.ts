import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { resolveAuthConfig } from '../../gateway/auth/authConfig';
import { signDevToken } from '../../gateway/auth/signDevToken';
import { CallerTokenError } from '../../platform/CallerTokenError';
import {
  CALLER_TOKEN_TYPE,
  GATEWAY_TOKEN_HEADER,
  createCallerTokenSigner,
  createCallerTokenVerifier,
  signCallerToken,
  type CallerTokenInput,
} from '../../platform/callerToken';
import { base64url, decodePart, nowSeconds, twoGatewayKeySets } from './tokenParts';

const input: CallerTokenInput = { sub: 'u-schuld-1', org: 'schuldhulp', role: 'schuldhulpverlener', purpose: 'schuldhulp', agency: 'schuldhulp', requestId: 'req-1' };

const gatewayKeys = twoGatewayKeySets('caller-token');

async function refusal(agency: string, header: string | string[] | undefined): Promise<CallerTokenError> {
  try {
    await createCallerTokenVerifier(gatewayKeys.keys.publicKey, agency)(header);
  } catch (err) {
    if (err instanceof CallerTokenError) return err;
    throw err;
  }
  throw new Error('expected the caller token to be refused');
}

describe('caller tokens', () => {
  test('round trip: the subgraph gets the caller, purpose and request id', async () => {
    const token = await signCallerToken(input, createCallerTokenSigner(gatewayKeys.keys));
    const caller = await createCallerTokenVerifier(gatewayKeys.keys.publicKey, 'schuldhulp')(token);
    expect(caller).toEqual({ sub: 'u-schuld-1', org: 'schuldhulp', role: 'schuldhulpverlener', purpose: 'schuldhulp', requestId: 'req-1' });
    expect(GATEWAY_TOKEN_HEADER).toBe('x-gateway-token');
  });

  test('ES256, typed, with kid, aud = agency, a 60 s life, and no name (data minimisation)', async () => {
    const token = await signCallerToken(input, createCallerTokenSigner(gatewayKeys.keys));
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: CALLER_TOKEN_TYPE, kid: gatewayKeys.keys.kid });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ aud: 'schuldhulp', iss: 'huishoudview-gateway', rid: 'req-1' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
    expect(claims).not.toHaveProperty('name');
  });

  test('a token minted for one agency is refused by another: audience', async () => {
    const token = await signCallerToken(input, createCallerTokenSigner(gatewayKeys.keys));
    const error = await refusal('wonen', token);
    expect(error.reason).toBe('audience');
    expect(error.agency).toBe('wonen');
    expect(error.message).not.toContain(token);
  });

  test('expired: expired; and never trusted past one lifetime, whatever its exp', async () => {
    const past = createCallerTokenSigner(gatewayKeys.keys, { now: () => Date.now() - 120_000, reuseSeconds: 0 });
    expect((await refusal('schuldhulp', await signCallerToken(input, past))).reason).toBe('expired');
    const longLived = createCallerTokenSigner(gatewayKeys.keys, { now: () => Date.now() - 600_000, ttlSeconds: 3600, reuseSeconds: 0 });
    const error = await refusal('schuldhulp', await signCallerToken(input, longLived));
    expect(error.reason).toBe('expired');
    expect(error.failure.claim).toBe('iat');
  });

  test('signed by another key: signature; tampered: signature', async () => {
    expect((await refusal('schuldhulp', await signCallerToken(input, createCallerTokenSigner(gatewayKeys.otherKeys)))).reason).toBe('signature');
    const [header, payload, signature] = (await signCallerToken(input, createCallerTokenSigner(gatewayKeys.keys))).split('.');
    const tampered = `${header}.${base64url({ ...decodePart(payload), purpose: 'regie' })}.${signature}`;
    expect((await refusal('schuldhulp', tampered)).reason).toBe('signature');
  });

  test('a user token, or any JWT without the caller-token typ, cannot stand in for one', async () => {
    const userToken = await signDevToken({ sub: 'u-schuld-1', role: 'schuldhulpverlener' }, resolveAuthConfig({ mode: 'development' }));
    expect((await refusal('schuldhulp', userToken)).reason).toBe('algorithm');
    const now = nowSeconds();
    const untyped = await new SignJWT({ org: 'x', role: 'y', purpose: 'z', rid: 'r' })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setSubject('u')
      .setIssuer('huishoudview-gateway')
      .setAudience('schuldhulp')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(gatewayKeys.keys.privateKey);
    const error = await refusal('schuldhulp', untyped);
    expect(error.reason).toBe('claims');
    expect(error.failure.claim).toBe('typ');
  });

  test('missing, repeated or malformed headers are refused', async () => {
    expect((await refusal('schuldhulp', undefined)).reason).toBe('missing');
    expect((await refusal('schuldhulp', '')).reason).toBe('missing');
    const token = await signCallerToken(input, createCallerTokenSigner(gatewayKeys.keys));
    expect((await refusal('schuldhulp', [token, token])).reason).toBe('malformed');
    expect((await refusal('schuldhulp', `Bearer ${token}`)).reason).toBe('malformed');
    expect((await refusal('schuldhulp', 'not.a.jwt')).reason).toBe('malformed');
  });

  test('the gateway refuses to sign for an incomplete caller', async () => {
    await expect(signCallerToken({ ...input, purpose: '' }, createCallerTokenSigner(gatewayKeys.keys))).rejects.toThrow(/purpose/);
  });
});

describe('caller token reuse', () => {
  // ECDSA signatures are randomised, so two separately signed tokens never compare equal.
  test('same caller, agency and request within the reuse window: the same token', async () => {
    let now = Date.now();
    const signer = createCallerTokenSigner(gatewayKeys.keys, { now: () => now });
    const [first, concurrent] = await Promise.all([signCallerToken(input, signer), signCallerToken(input, signer)]);
    expect(concurrent).toBe(first);
    // The default window is half the token's life: it arrives with at least 30 s to live.
    now += 29_000;
    expect(await signCallerToken(input, signer)).toBe(first);
    expect(await signCallerToken({ ...input, agency: 'wonen' }, signer)).not.toBe(first);
    expect(await signCallerToken({ ...input, requestId: 'req-2' }, signer)).not.toBe(first);
    expect(await signCallerToken({ ...input, purpose: 'regie' }, signer)).not.toBe(first);
    now += 2000;
    const next = await signCallerToken(input, signer);
    expect(next).not.toBe(first);
    expect((decodeJwt(next).exp ?? 0) * 1000 - now).toBeGreaterThanOrEqual(59_000);
  });

  test('reuseSeconds 0 signs every time; a reuse window as long as the lifetime is refused', async () => {
    const signer = createCallerTokenSigner(gatewayKeys.keys, { reuseSeconds: 0 });
    expect(await signCallerToken(input, signer)).not.toBe(await signCallerToken(input, signer));
    expect(() => createCallerTokenSigner(gatewayKeys.keys, { reuseSeconds: 60 })).toThrow(RangeError);
  });

  test('the cache stays bounded', async () => {
    const signer = createCallerTokenSigner(gatewayKeys.keys, { cacheMaxEntries: 3 });
    for (let i = 0; i < 10; i++) await signCallerToken({ ...input, requestId: `r-${i}` }, signer);
    expect(signer.cache?.size).toBe(3);
  });
});
