import fs from 'node:fs';
import path from 'node:path';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { AuthConfigError } from './AuthConfigError';

export type AuthMode = 'development' | 'production';

/** What a real identity provider may sign with: an explicit allow-list (RFC 8725 §3.1). */
export type ProviderAlgorithm = 'RS256' | 'ES256';
export type TokenAlgorithm = 'HS256' | ProviderAlgorithm;

/**
 * The development signing secret (HS256). It is public, being in the source, so anyone can
 * mint a token with it: that is the point in development and why production refuses it.
 * Override with env `JWT_DEV_SECRET` (at least 32 bytes).
 */
export const DEV_JWT_SECRET = 'huishoudview-development-only-secret-never-use-in-production';
/** `iss` of development tokens; production must name its identity provider (`JWT_ISSUER`). */
export const DEFAULT_JWT_ISSUER = 'huishoudview-dev';
/** `aud` the gateway expects: tokens minted for another service are refused (RFC 8725 §3.9). */
export const DEFAULT_JWT_AUDIENCE = 'huishoudview-gateway';

/** HS256 needs a key at least as long as its 256-bit hash output (RFC 7518 §3.2). */
const MIN_SECRET_BYTES = 32;
/** RSA keys below 2048 bits are not allowed for RS256 (RFC 7518 §3.3). */
const MIN_RSA_BITS = 2048;
const MAX_CLOCK_TOLERANCE_SECONDS = 300;

/** Everything that decides how caller tokens are checked; `defaultAuthOptions()` holds every default. */
export interface AuthOptions {
  /** `production` when NODE_ENV=production, else `development`. */
  mode: AuthMode;
  /** Expected `iss`. Env `JWT_ISSUER`; production must set it. */
  issuer: string;
  /** Expected `aud`. Env `JWT_AUDIENCE`. */
  audience: string;
  /** Allowed clock skew for `exp`/`nbf`, in seconds: small, so an expired token dies promptly. */
  clockToleranceSeconds: number;
  /** HS256 secret, development only (defaults to `DEV_JWT_SECRET`). Env `JWT_DEV_SECRET`. */
  devSecret?: string;
  /** The identity provider's JWKS endpoint (https in production). Env `JWT_JWKS_URL`. */
  jwksUrl?: string;
  /** The identity provider's public key, SPKI PEM, RSA ≥ 2048 or EC P-256. Env `JWT_PUBLIC_KEY_FILE`. */
  publicKeyFile?: string;
  /** How long one JWKS fetch may take. */
  jwksTimeoutMs: number;
  /** Minimum pause between JWKS refetches when an unknown `kid` arrives (stops refetch storms). */
  jwksCooldownMs: number;
  /** Longer Authorization values are refused unparsed. */
  maxTokenBytes: number;
}

/** Where the key that checks signatures comes from. */
export type VerificationKey =
  | { kind: 'dev-secret'; secret: string }
  | { kind: 'jwks'; url: URL; timeoutMs: number; cooldownMs: number }
  | { kind: 'public-key'; file: string; pem: string; algorithm: ProviderAlgorithm };

/** Checked, ready-to-use settings: only `resolveAuthConfig` makes one. */
export interface AuthConfig {
  readonly mode: AuthMode;
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly TokenAlgorithm[];
  readonly clockToleranceSeconds: number;
  readonly maxTokenBytes: number;
  readonly key: VerificationKey;
}

export function defaultAuthOptions(): AuthOptions {
  return {
    mode: process.env.NODE_ENV === 'production' ? 'production' : 'development',
    issuer: DEFAULT_JWT_ISSUER,
    audience: DEFAULT_JWT_AUDIENCE,
    clockToleranceSeconds: 30,
    jwksTimeoutMs: 5000,
    jwksCooldownMs: 30_000,
    maxTokenBytes: 8192,
  };
}

const PRODUCTION_KEY_FIX =
  'Set JWT_JWKS_URL to your identity provider\'s https JWKS endpoint, or JWT_PUBLIC_KEY_FILE to its SPKI PEM public key (RS256 or ES256).';

function readPublicKey(file: string): Extract<VerificationKey, { kind: 'public-key' }> {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    // Not `instanceof Error`: errors from node:fs may come from another realm (e.g. under Jest).
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'unreadable';
    throw new AuthConfigError('JWT_PUBLIC_KEY_FILE', `cannot read ${file} (${code}).`, 'Point it at a readable PEM file.');
  }
  // importSPKI takes SPKI only; a private key here would also mean the secret half is on this host.
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) {
    throw new AuthConfigError('JWT_PUBLIC_KEY_FILE', `${file} is not a "BEGIN PUBLIC KEY" (SPKI) PEM.`, 'Export the public key only, e.g. `openssl pkey -pubout`.');
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new AuthConfigError('JWT_PUBLIC_KEY_FILE', `${file} does not hold a valid public key.`, 'Export the public key again as SPKI PEM.');
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= MIN_RSA_BITS) return { kind: 'public-key', file, pem, algorithm: 'RS256' };
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return { kind: 'public-key', file, pem, algorithm: 'ES256' };
  throw new AuthConfigError(
    'JWT_PUBLIC_KEY_FILE',
    `${file} holds a ${key.asymmetricKeyType ?? 'unknown'} key this gateway does not accept.`,
    `Use an RSA key of at least ${MIN_RSA_BITS} bits (RS256) or an EC P-256 key (ES256).`,
  );
}

function parseJwksUrl(value: string, mode: AuthMode, timeoutMs: number, cooldownMs: number): VerificationKey {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AuthConfigError('JWT_JWKS_URL', `"${value}" is not a URL.`, PRODUCTION_KEY_FIX);
  }
  // Keys fetched over plain http could be swapped by anyone on the path.
  const allowed = mode === 'production' ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(url.protocol)) {
    throw new AuthConfigError('JWT_JWKS_URL', `must use ${allowed.join(' or ')}, not ${url.protocol}`, 'Use the identity provider\'s https JWKS endpoint.');
  }
  return { kind: 'jwks', url, timeoutMs, cooldownMs };
}

function devSecretKey(secret: string): VerificationKey {
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    throw new AuthConfigError('JWT_DEV_SECRET', `is shorter than ${MIN_SECRET_BYTES} bytes (RFC 7518 §3.2).`, `Use a random secret of at least ${MIN_SECRET_BYTES} bytes, or unset it to use the documented DEV_JWT_SECRET.`);
  }
  return { kind: 'dev-secret', secret };
}

function chooseKey(options: AuthOptions): VerificationKey {
  const { mode, jwksUrl, publicKeyFile, devSecret } = options;
  if (jwksUrl !== undefined && publicKeyFile !== undefined) {
    throw new AuthConfigError('JWT_JWKS_URL', 'and JWT_PUBLIC_KEY_FILE are both set; the gateway would not know which to trust.', 'Set only one of them.');
  }
  if (mode === 'production') {
    // Refuse loudly rather than ignore: an operator who set it believes it is in use.
    if (devSecret !== undefined) {
      throw new AuthConfigError('JWT_DEV_SECRET', 'is set while NODE_ENV=production; shared-secret (HS256) development tokens are never accepted in production.', `Unset JWT_DEV_SECRET. ${PRODUCTION_KEY_FIX}`);
    }
    if (jwksUrl === undefined && publicKeyFile === undefined) {
      throw new AuthConfigError('JWT_JWKS_URL', 'no token verification key is configured while NODE_ENV=production, and the development secret is refused.', PRODUCTION_KEY_FIX);
    }
  }
  if (jwksUrl !== undefined) return parseJwksUrl(jwksUrl, mode, options.jwksTimeoutMs, options.jwksCooldownMs);
  if (publicKeyFile !== undefined) return readPublicKey(path.resolve(publicKeyFile));
  return devSecretKey(devSecret ?? DEV_JWT_SECRET);
}

function algorithmsFor(key: VerificationKey): readonly TokenAlgorithm[] {
  switch (key.kind) {
    case 'dev-secret':
      return ['HS256'];
    case 'public-key':
      return [key.algorithm];
    case 'jwks':
      return ['RS256', 'ES256'];
  }
}

function requireText(value: string, setting: string): string {
  if (value.trim() === '') throw new AuthConfigError(setting, 'is empty.', 'Give it a value or unset it to use the default.');
  return value;
}

/** Defaults plus `overrides`, checked; throws `AuthConfigError` for anything unsafe. */
export function resolveAuthConfig(overrides: Partial<AuthOptions> = {}): AuthConfig {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const options: AuthOptions = { ...defaultAuthOptions(), ...defined };
  const issuer = requireText(options.issuer, 'JWT_ISSUER');
  const audience = requireText(options.audience, 'JWT_AUDIENCE');
  if (options.mode === 'production' && issuer === DEFAULT_JWT_ISSUER) {
    throw new AuthConfigError('JWT_ISSUER', `is still the development issuer "${DEFAULT_JWT_ISSUER}" while NODE_ENV=production.`, 'Set JWT_ISSUER to your identity provider\'s issuer (its `iss` claim).');
  }
  const tolerance = options.clockToleranceSeconds;
  if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > MAX_CLOCK_TOLERANCE_SECONDS) {
    throw new AuthConfigError('JWT_CLOCK_TOLERANCE_SECONDS', `must be between 0 and ${MAX_CLOCK_TOLERANCE_SECONDS} seconds, not ${tolerance}.`, 'Use a small value such as 30.');
  }
  const key = chooseKey(options);
  return {
    mode: options.mode,
    issuer,
    audience,
    algorithms: algorithmsFor(key),
    clockToleranceSeconds: tolerance,
    maxTokenBytes: options.maxTokenBytes,
    key,
  };
}

/**
 * The settings from the environment: NODE_ENV, JWT_ISSUER, JWT_AUDIENCE, JWT_DEV_SECRET,
 * JWT_JWKS_URL, JWT_PUBLIC_KEY_FILE, JWT_CLOCK_TOLERANCE_SECONDS. Call once at start-up.
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const nonEmpty = (name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const tolerance = nonEmpty('JWT_CLOCK_TOLERANCE_SECONDS');
  return resolveAuthConfig({
    mode: env.NODE_ENV === 'production' ? 'production' : 'development',
    issuer: nonEmpty('JWT_ISSUER'),
    audience: nonEmpty('JWT_AUDIENCE'),
    devSecret: nonEmpty('JWT_DEV_SECRET'),
    jwksUrl: nonEmpty('JWT_JWKS_URL'),
    publicKeyFile: nonEmpty('JWT_PUBLIC_KEY_FILE'),
    clockToleranceSeconds: tolerance === undefined ? undefined : Number(tolerance),
  });
}
