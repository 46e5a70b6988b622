import { sign } from 'node:crypto';
import type { CryptoKey, JWTPayload, JWTVerifyGetKey } from 'jose';
import type { Caller } from '../subgraphs/kit/AgencyDefinition';
import { CallerTokenError } from './CallerTokenError';
import { classifyJwtError } from './classifyJwtError';
import { GATEWAY_KEY_ALGORITHM, type GatewayKeys } from './gatewayKeys';
import { keyObjectOf } from './keyObjectOf';
import { SignedTokenCache } from './SignedTokenCache';
import { JwtRefusal, verifyEs256Jwt } from './verifyEs256Jwt';

/*
 * Gateway → subgraph caller tokens.
 *
 * The gateway has checked the user's token and the declared purpose; a subgraph must be
 * able to trust that result without trusting the network. So for every subgraph fetch the
 * gateway signs a short-lived JWT with its own ES256 key, in its own header, and never
 * forwards the user's token (the user's token has no purpose, and a subgraph that accepted
 * it could be called around the gateway). `aud` is the agency, so a token captured at one
 * subgraph cannot be replayed at another (RFC 8725 §3.9); `typ` marks it as a caller token,
 * so no other JWT can stand in for one (RFC 8725 §3.11).
 */

/** The header carrying the caller token: the bare compact JWT, no `Bearer`. */
export const GATEWAY_TOKEN_HEADER = 'x-gateway-token';
/** The gateway's request id on every subgraph request, so the logs line up; not security-relevant. */
export const REQUEST_ID_HEADER = 'x-request-id';
/** The JOSE `typ` of a caller token (explicit typing, RFC 8725 §3.11). */
export const CALLER_TOKEN_TYPE = 'gateway-caller+jwt';

export interface CallerTokenOptions {
  /** `iss` of caller tokens. */
  issuer: string;
  /** Lifetime: long enough for one request's fetches, short enough that a leak is worthless soon. */
  ttlSeconds: number;
  /** Allowed clock skew between gateway and subgraph hosts. */
  clockToleranceSeconds: number;
  /** How long the gateway reuses a token for the same caller, agency and request (0: never). */
  reuseSeconds: number;
  /** Upper bound on cached tokens. */
  cacheMaxEntries: number;
  /** Longer header values are refused unparsed. */
  maxTokenBytes: number;
  /** Milliseconds since the epoch; replaced in tests. */
  now: () => number;
}

export const CALLER_TOKEN_DEFAULTS: Readonly<CallerTokenOptions> = {
  issuer: 'huishoudview-gateway',
  ttlSeconds: 60,
  clockToleranceSeconds: 5,
  // Half the lifetime: a reused token still has 30 s to live when it arrives; one caller's
  // views within half a minute share one signature per agency (and one check there).
  reuseSeconds: 30,
  cacheMaxEntries: 10_000,
  maxTokenBytes: 4096,
  now: () => Date.now(),
};

/** What the gateway asserts to one agency's subgraph for one request. */
export interface CallerTokenInput extends Caller {
  /** The subgraph's agency name: the token's audience. */
  agency: string;
  /**
   * A request id to bind the token to one request (claim `rid`). Omit it to let one token
   * serve the same caller, purpose and agency for `reuseSeconds` across requests: the
   * gateway does, and sends its request id in `X-Request-Id` for the logs instead.
   */
  requestId?: string;
}

/** A checked caller token: the caller, plus the request id when the token is bound to one. */
export interface VerifiedCaller extends Caller {
  requestId?: string;
}

/** Holds the imported key and the reuse cache; make one at start-up. */
export interface CallerTokenSigner {
  /** Replaced in place by `useSigningKey` when the key is rotated. */
  privateKey: CryptoKey;
  kid: string;
  readonly options: Readonly<CallerTokenOptions>;
  readonly cache: SignedTokenCache | undefined;
}

/**
 * Signs with a new key from now on (a rotation): tokens cached under the old key are
 * dropped, so every token minted after this names the new `kid`.
 */
export function useSigningKey(signer: CallerTokenSigner, keys: Pick<GatewayKeys, 'privateKey' | 'kid'>): void {
  signer.privateKey = keys.privateKey;
  signer.kid = keys.kid;
  signer.cache?.clear();
}

export type CallerTokenVerifier = (headerValue: string | string[] | undefined) => Promise<VerifiedCaller>;

/** Claim names in the token; `sub` is registered (RFC 7519 §4.1.2), the rest are private. */
const CALLER_CLAIMS = ['sub', 'org', 'role', 'purpose'] as const;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function resolveOptions(overrides: Partial<CallerTokenOptions>): CallerTokenOptions {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return { ...CALLER_TOKEN_DEFAULTS, ...defined };
}

export function createCallerTokenSigner(keys: Pick<GatewayKeys, 'privateKey' | 'kid'>, overrides: Partial<CallerTokenOptions> = {}): CallerTokenSigner {
  const options = resolveOptions(overrides);
  if (options.reuseSeconds >= options.ttlSeconds) {
    throw new RangeError(`Caller tokens: reuseSeconds (${options.reuseSeconds}) must be below ttlSeconds (${options.ttlSeconds}), or a reused token could arrive expired.`);
  }
  const cache = options.reuseSeconds > 0 ? new SignedTokenCache(options.reuseSeconds * 1000, options.cacheMaxEntries) : undefined;
  return { privateKey: keys.privateKey, kid: keys.kid, options, cache };
}

function requireText(input: CallerTokenInput, field: Exclude<keyof CallerTokenInput, 'requestId'>): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`signCallerToken: ${field} must be a non-empty string; the gateway must not call a subgraph for an unidentified caller.`);
  }
  return value;
}

const base64url = (json: object): string => Buffer.from(JSON.stringify(json)).toString('base64url');

/**
 * A compact JWS (RFC 7515 §7.1) signed with node:crypto: ECDSA P-256 over SHA-256, the
 * signature as r‖s (RFC 7518 §3.4). Synchronous, ~0.03 ms, where WebCrypto's asynchronous
 * sign (jose's) costs ~0.19 ms of every cold caller's first fetch to each agency.
 */
function mint(input: CallerTokenInput, signer: CallerTokenSigner, nowSeconds: number): Promise<string> {
  const header = { alg: GATEWAY_KEY_ALGORITHM, typ: CALLER_TOKEN_TYPE, kid: signer.kid };
  const payload = {
    org: input.org,
    role: input.role,
    purpose: input.purpose,
    ...(input.requestId !== undefined ? { rid: input.requestId } : {}),
    sub: input.sub,
    iss: signer.options.issuer,
    aud: input.agency,
    iat: nowSeconds,
    exp: nowSeconds + signer.options.ttlSeconds,
  };
  try {
    const signingInput = `${base64url(header)}.${base64url(payload)}`;
    const signature = sign('sha256', Buffer.from(signingInput), { key: keyObjectOf(signer.privateKey), dsaEncoding: 'ieee-p1363' });
    return Promise.resolve(`${signingInput}.${signature.toString('base64url')}`);
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * The value for `X-Gateway-Token` on a fetch to `input.agency`. A token is reused for `reuseSeconds` for the same caller, purpose,
 * agency and request: a query plan that returns to a subgraph does not sign again.
 */
export async function signCallerToken(input: CallerTokenInput, signer: CallerTokenSigner): Promise<string> {
  const fields = (['sub', 'org', 'role', 'purpose', 'agency'] as const).map((field) => requireText(input, field));
  if (input.requestId !== undefined) {
    if (input.requestId === '') throw new TypeError('signCallerToken: requestId, when given, must be a non-empty string.');
    fields.push(input.requestId);
  }
  const nowMs = signer.options.now();
  const sign = () => mint(input, signer, Math.floor(nowMs / 1000));
  return signer.cache ? signer.cache.getOrSign(JSON.stringify(fields), nowMs, sign) : sign();
}

function claimText(payload: JWTPayload, claim: (typeof CALLER_CLAIMS)[number], agency: string): string {
  const value = payload[claim];
  if (typeof value !== 'string' || value === '') throw new CallerTokenError({ reason: 'claims', claim }, agency);
  return value;
}

/**
 * A subgraph's check of `X-Gateway-Token`: ES256 only, signed by the gateway's key, `typ`,
 * `iss`, `aud` = this agency, `exp`, and no older than one lifetime. Throws
 * `CallerTokenError` on any problem.
 */
export function createCallerTokenVerifier(key: CryptoKey | JWTVerifyGetKey, agency: string, overrides: Partial<CallerTokenOptions> = {}): CallerTokenVerifier {
  const options = resolveOptions(overrides);
  const refuse = (reason: 'missing' | 'malformed'): CallerTokenError => new CallerTokenError({ reason }, agency);

  return async (headerValue) => {
    if (headerValue === undefined || headerValue === '') throw refuse('missing');
    // A repeated header is a forwarding bug or an attack; never pick one.
    if (Array.isArray(headerValue) || headerValue.length > options.maxTokenBytes || !COMPACT_JWS.test(headerValue)) throw refuse('malformed');

    let payload: JWTPayload;
    try {
      payload = await verifyEs256Jwt(headerValue, key, {
        type: CALLER_TOKEN_TYPE,
        issuer: options.issuer,
        audience: agency,
        clockToleranceSeconds: options.clockToleranceSeconds,
        // Even a validly signed token with a far-off `exp` is refused after one lifetime.
        maxTokenAgeSeconds: options.ttlSeconds,
        requiredClaims: ['exp', ...CALLER_CLAIMS],
        nowSeconds: Math.floor(options.now() / 1000),
      });
    } catch (err) {
      throw new CallerTokenError(err instanceof JwtRefusal ? err.failure : classifyJwtError(err), agency);
    }
    return {
      sub: claimText(payload, 'sub', agency),
      org: claimText(payload, 'org', agency),
      role: claimText(payload, 'role', agency),
      purpose: claimText(payload, 'purpose', agency),
      ...(typeof payload.rid === 'string' && payload.rid !== '' ? { requestId: payload.rid } : {}),
    };
  };
}
