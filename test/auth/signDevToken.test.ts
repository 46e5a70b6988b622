import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AuthConfigError } from '../../gateway/auth/AuthConfigError';
import { resolveAuthConfig, type AuthConfig } from '../../gateway/auth/authConfig';
import { DevTokenRequestError } from '../../gateway/auth/DevTokenRequestError';
import { DEFAULT_ORG_BY_ROLE, signDevToken } from '../../gateway/auth/signDevToken';
import { createCallerVerifier } from '../../gateway/auth/verifyCaller';
import { nowSeconds } from './tokenParts';

const config = resolveAuthConfig({ mode: 'development' });
const verify = createCallerVerifier(config);

describe('signDevToken', () => {
  test.each(Object.entries(DEFAULT_ORG_BY_ROLE))('role %s gets org %s by default, and the sub as name', async (role, org) => {
    const token = await signDevToken({ sub: 'u-1', role }, config);
    await expect(verify(`Bearer ${token}`)).resolves.toEqual({ sub: 'u-1', name: 'u-1', org, role });
  });

  test('the org-by-role table matches docs/domain.md', () => {
    expect(DEFAULT_ORG_BY_ROLE).toEqual({
      regisseur: 'gemeente',
      schuldhulpverlener: 'schuldhulp',
      woonconsulent: 'wonen',
      jeugdbeschermer: 'jeugdzorg',
      'veiligthuis-medewerker': 'veiligthuis',
      'privacy-officer': 'gemeente',
      vroegsignaleerder: 'gemeente',
      burger: 'burger',
    });
  });

  test('carries HS256, typ JWT, iss, aud, iat, nbf, exp (= iat + ttl) and a jti', async () => {
    const before = nowSeconds();
    const token = await signDevToken({ sub: 'u-wonen-1', role: 'woonconsulent', org: 'woonstad', name: 'W. Consulent', ttlSeconds: 120 }, config);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'u-wonen-1', role: 'woonconsulent', org: 'woonstad', name: 'W. Consulent', iss: 'huishoudview-dev', aud: 'huishoudview-gateway' });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.nbf).toBe(claims.iat);
    expect(claims.exp).toBe((claims.iat ?? 0) + 120);
    expect(claims.jti).toEqual(expect.any(String));
  });

  test('an unknown role needs an explicit org', async () => {
    await expect(signDevToken({ sub: 'u-1', role: 'hacker' }, config)).rejects.toMatchObject({ name: 'DevTokenRequestError', field: 'role' });
    await expect(verify(`Bearer ${await signDevToken({ sub: 'u-1', role: 'stagiair', org: 'gemeente' }, config)}`)).resolves.toMatchObject({ role: 'stagiair' });
  });

  test('refuses empty fields and a bad ttl', async () => {
    await expect(signDevToken({ sub: '', role: 'burger' }, config)).rejects.toBeInstanceOf(DevTokenRequestError);
    await expect(signDevToken({ sub: 'P-0001', role: 'burger', name: ' ' }, config)).rejects.toMatchObject({ field: 'name' });
    await expect(signDevToken({ sub: 'P-0001', role: 'burger', ttlSeconds: 0 }, config)).rejects.toMatchObject({ field: 'ttlSeconds' });
    await expect(signDevToken({ sub: 'P-0001', role: 'burger', ttlSeconds: 1.5 }, config)).rejects.toMatchObject({ field: 'ttlSeconds' });
  });

  test('refuses a production config, and a development config that trusts an identity provider', async () => {
    const production: AuthConfig = { ...config, mode: 'production' };
    await expect(signDevToken({ sub: 'u-1', role: 'regisseur' }, production)).rejects.toBeInstanceOf(AuthConfigError);
    const jwks = resolveAuthConfig({ mode: 'development', jwksUrl: 'http://127.0.0.1:1/jwks.json' });
    await expect(signDevToken({ sub: 'u-1', role: 'regisseur' }, jwks)).rejects.toBeInstanceOf(AuthConfigError);
  });
});
