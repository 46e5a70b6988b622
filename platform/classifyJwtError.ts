import { errors } from 'jose';

/**
 * Why a token was refused, for the operational log and for tests. Shared by the
 * gateway's check of the user's token and the subgraphs' check of the gateway's token.
 */
export type TokenFailureReason =
  | 'missing'
  | 'malformed'
  | 'algorithm'
  | 'signature'
  | 'expired'
  | 'not-yet-valid'
  | 'issuer'
  | 'audience'
  | 'claims'
  /** The keys could not be fetched or used (JWKS down, timeout): not the caller's fault. */
  | 'unverifiable';

/**
 * A refusal, described without the token or any claim value: claims carry personal data
 * (a name, a person id), and the operational log must never hold it.
 */
export interface TokenFailure {
  reason: TokenFailureReason;
  /** jose's stable error code, e.g. `ERR_JWT_EXPIRED`. */
  joseCode?: string;
  /** The claim or header parameter at fault, e.g. `aud`, `nbf`, `role`. */
  claim?: string;
  /** For errors jose did not raise (network, key import): the error's class name. */
  errorName?: string;
}

function claimFailure(claim: string, joseCode: string): TokenFailure {
  switch (claim) {
    case 'nbf':
      return { reason: 'not-yet-valid', joseCode, claim };
    case 'iss':
      return { reason: 'issuer', joseCode, claim };
    case 'aud':
      return { reason: 'audience', joseCode, claim };
    default:
      return { reason: 'claims', joseCode, claim };
  }
}

/** Maps whatever `jwtVerify` threw to a reason. Deliberately drops jose's `payload`. */
export function classifyJwtError(error: unknown): TokenFailure {
  if (error instanceof errors.JWTExpired) return { reason: 'expired', joseCode: error.code, claim: error.claim };
  if (error instanceof errors.JWTClaimValidationFailed) return claimFailure(error.claim, error.code);
  if (!(error instanceof errors.JOSEError)) {
    return { reason: 'unverifiable', errorName: error instanceof Error ? error.name : typeof error };
  }
  const joseCode = error.code;
  switch (joseCode) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return { reason: 'algorithm', joseCode };
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    // A `kid` no key in the set matches: signed by a key we do not trust.
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return { reason: 'signature', joseCode };
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
      return { reason: 'unverifiable', joseCode };
    default:
      // ERR_JWS_INVALID, ERR_JWT_INVALID and anything newer: the token's shape is wrong.
      return { reason: 'malformed', joseCode };
  }
}
