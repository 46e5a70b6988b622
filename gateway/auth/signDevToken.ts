import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { AuthConfigError } from './AuthConfigError';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../../policies/loadPolicy';
import { DevTokenRequestError, type DevTokenField } from './DevTokenRequestError';
import type { AuthConfig } from './authConfig';

/**
 * Each role's usual organisation, so `--org` can be left out: from the policy file
 * (`roles.<role>.organisation`), which knows the roles; this code knows none.
 */
export const DEFAULT_ORG_BY_ROLE: Readonly<Record<string, string>> = Object.fromEntries(
  [...loadPolicy(process.env.POLICY_FILE ?? DEFAULT_POLICY_FILE).roles.values()].flatMap((role) => (role.organisation ? [[role.id, role.organisation]] : [])),
);

export function isKnownRole(role: string): boolean {
  return Object.hasOwn(DEFAULT_ORG_BY_ROLE, role);
}

export interface DevTokenRequest {
  sub: string;
  /** Any string; an unknown role needs an explicit `org` (useful to test the policy's refusal). */
  role: string;
  /** Defaults to the role's organisation. */
  org?: string;
  /** Defaults to `sub`. */
  name?: string;
  /** Defaults to one hour. */
  ttlSeconds?: number;
}

export const DEV_TOKEN_DEFAULT_TTL_SECONDS = 3600;

function text(value: string, field: DevTokenField): string {
  if (value.trim() === '') throw new DevTokenRequestError(field, 'must not be empty.');
  return value;
}

/**
 * Mints a development token (HS256, with iss/aud/iat/nbf/exp and a jti) that the gateway
 * accepts in development. Refuses unless `config` is a development config using the shared
 * secret, so it can never mint a token a production gateway would trust.
 */
export async function signDevToken(request: DevTokenRequest, config: AuthConfig): Promise<string> {
  if (config.mode !== 'development' || config.key.kind !== 'dev-secret') {
    throw new AuthConfigError(
      'NODE_ENV',
      config.mode === 'production'
        ? 'development tokens cannot be minted with NODE_ENV=production.'
        : 'the gateway is configured to trust an identity provider (JWT_JWKS_URL / JWT_PUBLIC_KEY_FILE), so it would refuse a development token.',
      'Run without NODE_ENV=production and without JWT_JWKS_URL / JWT_PUBLIC_KEY_FILE, or get a token from the identity provider.',
    );
  }
  const sub = text(request.sub, 'sub');
  const role = text(request.role, 'role');
  const org = request.org !== undefined ? text(request.org, 'org') : DEFAULT_ORG_BY_ROLE[role];
  if (org === undefined) {
    throw new DevTokenRequestError('role', `"${role}" is not a known role (${Object.keys(DEFAULT_ORG_BY_ROLE).join(', ')}); give org explicitly to use it anyway.`);
  }
  const name = request.name !== undefined ? text(request.name, 'name') : sub;
  const ttlSeconds = request.ttlSeconds ?? DEV_TOKEN_DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new DevTokenRequestError('ttlSeconds', `must be a positive whole number, not ${ttlSeconds}.`);

  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name, org, role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + ttlSeconds)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(config.key.secret));
}
