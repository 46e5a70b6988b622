import { createRemoteJWKSet, importSPKI, jwtVerify, type CryptoKey, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { classifyJwtError } from '../../platform/classifyJwtError';
import { AuthConfigError } from './AuthConfigError';
import { AuthenticationError } from './AuthenticationError';
import { IDENTITY_CLAIMS, type Identity } from './Identity';
import type { AuthConfig } from './authConfig';

/** Checks one request's `Authorization` header; resolves to the caller or throws `AuthenticationError`. */
export type CallerVerifier = (authorizationHeader: string | undefined) => Promise<Identity>;

/**
 * `Bearer <compact JWS>` (RFC 6750 §2.1; the scheme is case-insensitive, RFC 9110 §11.1).
 * The signature part may be empty only so that `alg: none` tokens reach jose and are
 * refused as an algorithm problem rather than a shape problem.
 */
const BEARER_JWT = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*) *$/i;

/** Identity claims longer than this are refused: they end up in audit records. */
const MAX_CLAIM_LENGTH = 256;

/** Turns the configured key source into what `jwtVerify` takes; keys are imported once. */
function verificationKey(config: AuthConfig): Uint8Array | JWTVerifyGetKey {
  const { key } = config;
  switch (key.kind) {
    case 'dev-secret':
      return new TextEncoder().encode(key.secret);
    case 'jwks':
      // jose caches the set and refetches on an unknown `kid`, at most once per cooldown.
      return createRemoteJWKSet(key.url, { timeoutDuration: key.timeoutMs, cooldownDuration: key.cooldownMs });
    case 'public-key': {
      let imported: Promise<CryptoKey> | undefined;
      return () => (imported ??= importSPKI(key.pem, key.algorithm));
    }
  }
}

function claimText(payload: JWTPayload, claim: (typeof IDENTITY_CLAIMS)[number]): string {
  const value = payload[claim];
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_CLAIM_LENGTH) {
    throw new AuthenticationError({ reason: 'claims', claim });
  }
  return value;
}

/** Only the four identity claims travel on: nothing else from the token reaches the context. */
function identityFrom(payload: JWTPayload): Identity {
  return {
    sub: claimText(payload, 'sub'),
    name: claimText(payload, 'name'),
    org: claimText(payload, 'org'),
    role: claimText(payload, 'role'),
  };
}

/**
 * Builds the gateway's check of the caller's JWT. Signature with an allow-listed algorithm,
 * then `iss`, `aud`, `exp` (required), `nbf`, then the identity claims (RFC 8725 §3.1,
 * §3.8, §3.9). Create it once at start-up: it holds the imported key and the JWKS cache.
 */
export function createCallerVerifier(config: AuthConfig): CallerVerifier {
  if (config.mode === 'production' && config.key.kind === 'dev-secret') {
    // resolveAuthConfig already refuses this; a hand-built config must not slip past.
    throw new AuthConfigError('JWT_DEV_SECRET', 'a development secret was given to a production verifier.', 'Build the config with authConfigFromEnv/resolveAuthConfig and set JWT_JWKS_URL or JWT_PUBLIC_KEY_FILE.');
  }
  const key = verificationKey(config);
  const options = {
    algorithms: [...config.algorithms],
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: ['exp', ...IDENTITY_CLAIMS],
  };

  return async (authorizationHeader) => {
    if (authorizationHeader === undefined || authorizationHeader.trim() === '') {
      throw new AuthenticationError({ reason: 'missing' });
    }
    if (authorizationHeader.length > config.maxTokenBytes) throw new AuthenticationError({ reason: 'malformed' });
    const match = BEARER_JWT.exec(authorizationHeader.trim());
    if (!match) throw new AuthenticationError({ reason: 'malformed' });

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], key, options));
    } catch (err) {
      throw new AuthenticationError(classifyJwtError(err));
    }
    // jose checks `iat` only against a maximum token age; a token issued in the future is
    // either a wrong clock or a forged lifetime (RFC 7519 §4.1.6): refused beyond the tolerance.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + config.clockToleranceSeconds) {
      throw new AuthenticationError({ reason: 'not-yet-valid', claim: 'iat' });
    }
    return identityFrom(payload);
  };
}
