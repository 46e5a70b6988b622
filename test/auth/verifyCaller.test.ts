import { SignJWT, type JWTPayload } from 'jose';
import { AuthenticationError, type AuthFailureReason } from '../../gateway/auth/AuthenticationError';
import { DEV_JWT_SECRET, resolveAuthConfig } from '../../gateway/auth/authConfig';
import { signDevToken } from '../../gateway/auth/signDevToken';
import { createCallerVerifier } from '../../gateway/auth/verifyCaller';
import { base64url, decodePart, nowSeconds } from './tokenParts';

const config = resolveAuthConfig({ mode: 'development' });
const verify = createCallerVerifier(config);
const secret = new TextEncoder().encode(DEV_JWT_SECRET);

function validClaims(): JWTPayload {
  const now = nowSeconds();
  return { sub: 'u-regisseur-1', name: 'Rita Regisseur', org: 'gemeente', role: 'regisseur', iss: config.issuer, aud: config.audience, iat: now, nbf: now, exp: now + 600 };
}

/** Signs exactly the claims given (no defaults added), HS256 with `key`. */
function sign(claims: JWTPayload, key: Uint8Array = secret, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
}

function without(claim: string): JWTPayload {
  const claims = validClaims();
  delete claims[claim];
  return claims;
}

async function refusal(header: string | undefined): Promise<AuthenticationError> {
  try {
    await verify(header);
  } catch (err) {
    if (err instanceof AuthenticationError) return err;
    throw err;
  }
  throw new Error('expected the token to be refused');
}

async function expectRefused(header: string | undefined, reason: AuthFailureReason, claim?: string): Promise<void> {
  const error = await refusal(header);
  expect(error.reason).toBe(reason);
  if (claim) expect(error.failure.claim).toBe(claim);
  // Neither the client message nor anything logged may echo the token or a claim value.
  const token = header?.replace(/^bearer\s+/i, '') ?? '';
  const serialised = JSON.stringify({ message: error.message, failure: error.failure });
  if (token.includes('.')) expect(serialised).not.toContain(token);
  expect(serialised).not.toContain('Rita');
}

describe('createCallerVerifier: valid tokens', () => {
  test('a development token verifies to exactly the four identity claims', async () => {
    const token = await signDevToken({ sub: 'u-regisseur-1', role: 'regisseur', name: 'Rita Regisseur' }, config);
    await expect(verify(`Bearer ${token}`)).resolves.toEqual({ sub: 'u-regisseur-1', name: 'Rita Regisseur', org: 'gemeente', role: 'regisseur' });
  });

  test('the scheme is case-insensitive and surrounding spaces are ignored', async () => {
    const token = await sign(validClaims());
    await expect(verify(`bearer ${token}`)).resolves.toMatchObject({ sub: 'u-regisseur-1' });
    await expect(verify(`  Bearer   ${token}  `)).resolves.toMatchObject({ sub: 'u-regisseur-1' });
  });

  test('an expiry within the clock tolerance (30 s) is still accepted', async () => {
    await expect(verify(`Bearer ${await sign({ ...validClaims(), exp: nowSeconds() - 10 })}`)).resolves.toMatchObject({ role: 'regisseur' });
  });
});

describe('createCallerVerifier: every bad token is refused with its reason', () => {
  test('no header, an empty one, or blanks: missing', async () => {
    await expectRefused(undefined, 'missing');
    await expectRefused('', 'missing');
    await expectRefused('   ', 'missing');
  });

  test.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a bare token without Bearer', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln'],
    ['Bearer without a token', 'Bearer'],
    ['two parts', 'Bearer abc.def'],
    ['four parts', 'Bearer a.b.c.d'],
    ['not base64url', 'Bearer a+b.c/d.e=f'],
    ['parts that are not JSON', 'Bearer bm90anNvbg.bm90anNvbg.c2ln'],
    ['a header without alg', `Bearer ${base64url({ typ: 'JWT' })}.${base64url({ sub: 'x' })}.c2ln`],
    ['an oversized value', `Bearer ${'a'.repeat(9000)}.b.c`],
  ])('%s: malformed', async (_label, header) => {
    await expectRefused(header, 'malformed');
  });

  test('expired: expired', async () => {
    const now = nowSeconds();
    await expectRefused(`Bearer ${await sign({ ...validClaims(), iat: now - 7200, nbf: now - 7200, exp: now - 3600 })}`, 'expired');
  });

  test('not valid before a future time: not-yet-valid', async () => {
    await expectRefused(`Bearer ${await sign({ ...validClaims(), nbf: nowSeconds() + 600 })}`, 'not-yet-valid');
  });

  test('signed with another secret: signature', async () => {
    const other = new TextEncoder().encode('an-entirely-different-secret-of-32-bytes-or-more');
    await expectRefused(`Bearer ${await sign(validClaims(), other)}`, 'signature');
  });

  test('alg "none", crafted by hand (RFC 8725 §2.1): algorithm', async () => {
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(validClaims())}.`;
    await expectRefused(`Bearer ${unsigned}`, 'algorithm');
    await expectRefused(`Bearer ${unsigned}c2ln`, 'algorithm');
  });

  test('an algorithm outside the allow-list, even with the right secret: algorithm', async () => {
    await expectRefused(`Bearer ${await sign(validClaims(), secret, 'HS512')}`, 'algorithm');
  });

  test('a tampered payload with the original signature: signature', async () => {
    const [header, payload, signature] = (await sign(validClaims())).split('.');
    const raised = { ...decodePart(payload), role: 'privacy-officer' };
    await expectRefused(`Bearer ${header}.${base64url(raised)}.${signature}`, 'signature');
  });

  test.each(['sub', 'name', 'org', 'role', 'exp'])('without the %s claim: claims', async (claim) => {
    await expectRefused(`Bearer ${await sign(without(claim))}`, 'claims', claim);
  });

  test('an empty or non-string identity claim: claims', async () => {
    await expectRefused(`Bearer ${await sign({ ...validClaims(), role: '  ' })}`, 'claims', 'role');
    await expectRefused(`Bearer ${await sign({ ...validClaims(), org: 42 })}`, 'claims', 'org');
    await expectRefused(`Bearer ${await sign({ ...validClaims(), name: 'x'.repeat(300) })}`, 'claims', 'name');
  });

  test('minted for another service: audience; by another issuer: issuer', async () => {
    await expectRefused(`Bearer ${await sign({ ...validClaims(), aud: 'some-other-api' })}`, 'audience', 'aud');
    await expectRefused(`Bearer ${await sign(without('aud'))}`, 'audience', 'aud');
    await expectRefused(`Bearer ${await sign({ ...validClaims(), iss: 'someone-else' })}`, 'issuer', 'iss');
  });
});

describe('AuthenticationError', () => {
  test('tells the user what to do', async () => {
    expect((await refusal(undefined)).message).toBe('Sign in first: send your token in the Authorization header as Bearer <JWT>.');
    expect((await refusal('Basic x')).message).toBe('Send a valid token in the Authorization header: Bearer <JWT>.');
    const now = nowSeconds();
    expect((await refusal(`Bearer ${await sign({ ...validClaims(), exp: now - 3600 })}`)).message).toBe('Sign in again: your token has expired.');
  });

  test('becomes a GraphQL error with code UNAUTHENTICATED and an HTTP 401 challenge', async () => {
    const graphqlError = (await refusal('Bearer a.b.c')).toGraphQLError();
    expect(graphqlError.message).toBe('Send a valid token in the Authorization header: Bearer <JWT>.');
    expect(graphqlError.extensions.code).toBe('UNAUTHENTICATED');
    const http = graphqlError.extensions.http as { status: number; headers: Map<string, string> };
    expect(http.status).toBe(401);
    expect(http.headers.get('www-authenticate')).toMatch(/^Bearer realm="huishoudview", error="invalid_token"/);
    expect((await refusal(undefined)).wwwAuthenticate).toBe('Bearer realm="huishoudview"');
  });
});

describe('iat in the future (issue 9, class 8)', () => {
  test.each<[string, number]>([
    ['an hour ahead', 3600],
    ['just past the clock tolerance', config.clockToleranceSeconds + 5],
  ])('iat %s → not-yet-valid (iat), no claim echoed', async (_name, ahead) => {
    await expectRefused(`Bearer ${await sign({ ...validClaims(), iat: nowSeconds() + ahead })}`, 'not-yet-valid', 'iat');
  });

  test('iat within the clock tolerance is accepted (a slightly fast issuer clock)', async () => {
    const token = await sign({ ...validClaims(), iat: nowSeconds() + Math.max(1, config.clockToleranceSeconds - 5) });
    await expect(verify(`Bearer ${token}`)).resolves.toMatchObject({ sub: 'u-regisseur-1' });
  });
});
