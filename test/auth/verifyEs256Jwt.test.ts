import { KeyObject, sign } from 'node:crypto';
import { createLocalJWKSet, exportJWK, FlattenedSign, SignJWT, type JWTPayload } from 'jose';
import { CALLER_TOKEN_TYPE, createCallerTokenVerifier } from '../../platform/callerToken';
import { CallerTokenError } from '../../platform/CallerTokenError';
import { nowSeconds, twoGatewayKeySets } from './tokenParts';

/*
 * The subgraphs' check of the gateway token (platform/verifyEs256Jwt.ts, node:crypto) as a
 * table: tokens signed with the gateway's own key by jose, the reference implementation, each
 * with one thing wrong, must be refused for the reason jose's `jwtVerify` gives; the honest
 * variations RFC 7519 allows must pass.
 */

const AGENCY = 'schuldhulp';
const gatewayKeys = twoGatewayKeySets('verify-es256');

const claims = (): JWTPayload => {
  const now = nowSeconds();
  return { sub: 'u-schuld-1', org: 'schuldhulp', role: 'schuldhulpverlener', purpose: 'schuldhulp', iss: 'huishoudview-gateway', aud: AGENCY, iat: now, exp: now + 60 };
};

/** A token as jose signs it, with the header and claims given (the gateway's key unless told). */
async function signed(header: Record<string, unknown>, payload: JWTPayload, key = gatewayKeys.keys.privateKey): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: CALLER_TOKEN_TYPE, kid: gatewayKeys.keys.kid, ...header } as { alg: string }).sign(key);
}

/** A validly signed JWS whose payload is not a JSON object. */
async function signedRaw(payloadText: string): Promise<string> {
  const jws = await new FlattenedSign(new TextEncoder().encode(payloadText)).setProtectedHeader({ alg: 'ES256', typ: CALLER_TOKEN_TYPE }).sign(gatewayKeys.keys.privateKey);
  return `${jws.protected}.${jws.payload}.${jws.signature}`;
}

/** Signed outside jose (which refuses to sign some of these), with the gateway's key. */
function handSigned(header: Record<string, unknown>, payload: JWTPayload): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key: KeyObject.from(gatewayKeys.keys.privateKey), dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

async function outcome(token: string, key: Parameters<typeof createCallerTokenVerifier>[0] = gatewayKeys.keys.publicKey): Promise<string> {
  try {
    await createCallerTokenVerifier(key, AGENCY)(token);
    return 'accepted';
  } catch (err) {
    if (!(err instanceof CallerTokenError)) throw err;
    return err.failure.claim ? `${err.reason}:${err.failure.claim}` : err.reason;
  }
}

const now = () => nowSeconds();

test.each<[string, () => Promise<string>, string]>([
  ['a token jose signed, as the gateway does', () => signed({}, claims()), 'accepted'],
  ['aud as an array that names the agency', () => signed({}, { ...claims(), aud: ['wonen', AGENCY] }), 'accepted'],
  ['typ with the media-type prefix, in capitals', () => signed({ typ: `application/${CALLER_TOKEN_TYPE.toUpperCase()}` }, claims()), 'accepted'],
  ['exp just inside the clock tolerance', () => signed({}, { ...claims(), exp: now() - 3 }), 'accepted'],
  ['signed by another key', () => signed({}, claims(), gatewayKeys.otherKeys.privateKey), 'signature'],
  ['a signature cut short', async () => (await signed({}, claims())).slice(0, -4), 'signature'],
  ['a critical header extension', async () => handSigned({ alg: 'ES256', typ: CALLER_TOKEN_TYPE, crit: ['x-ours'], 'x-ours': 1 }, claims()), 'malformed'],
  ['an unencoded payload (b64: false)', () => signed({ b64: true }, claims()), 'malformed'],
  ['alg none', async () => `${Buffer.from(JSON.stringify({ alg: 'none', typ: CALLER_TOKEN_TYPE })).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.x`, 'algorithm'],
  ['a header that is no JSON', async () => `bm90IGpzb24.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.x`, 'malformed'],
  ['a signed payload that is no JSON object', () => signedRaw('[1,2]'), 'malformed'],
  ['no typ', () => signed({ typ: undefined }, claims()), 'claims:typ'],
  ['another issuer', () => signed({}, { ...claims(), iss: 'someone-else' }), 'issuer:iss'],
  ['another audience', () => signed({}, { ...claims(), aud: 'wonen' }), 'audience:aud'],
  ['no exp', () => signed({}, { ...claims(), exp: undefined }), 'claims:exp'],
  ['exp that is no number', () => signed({}, { ...claims(), exp: 'tomorrow' as unknown as number }), 'claims:exp'],
  ['expired beyond the clock tolerance', () => signed({}, { ...claims(), exp: now() - 6 }), 'expired:exp'],
  ['not valid yet (nbf)', () => signed({}, { ...claims(), nbf: now() + 60 }), 'not-yet-valid:nbf'],
  ['issued in the future', () => signed({}, { ...claims(), iat: now() + 60 }), 'claims:iat'],
  ['no iat', () => signed({}, { ...claims(), iat: undefined }), 'claims:iat'],
  ['older than one lifetime, whatever its exp', () => signed({}, { ...claims(), iat: now() - 600, exp: now() + 600 }), 'expired:iat'],
  ['no purpose', () => signed({}, { ...claims(), purpose: undefined }), 'claims:purpose'],
])('%s', async (_name, token, expected) => {
  expect(await outcome(await token())).toBe(expected);
});

test('with a key set, the token’s kid picks the key; an unknown kid is a bad signature', async () => {
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(gatewayKeys.keys.publicKey)), kid: gatewayKeys.keys.kid, alg: 'ES256', use: 'sig' }] });
  expect(await outcome(await signed({}, claims()), jwks)).toBe('accepted');
  expect(await outcome(await signed({ kid: 'unknown' }, claims()), jwks)).toBe('signature');
});
