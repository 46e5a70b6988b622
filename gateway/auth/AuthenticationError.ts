import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import type { TokenFailure, TokenFailureReason } from '../../platform/classifyJwtError';

export type AuthFailureReason = TokenFailureReason;

/** What the user should do, per reason. Never the token, never a claim value. */
const CLIENT_MESSAGES: Readonly<Record<AuthFailureReason, string>> = {
  missing: 'Sign in first: send your token in the Authorization header as Bearer <JWT>.',
  malformed: 'Send a valid token in the Authorization header: Bearer <JWT>.',
  algorithm: 'Your token is not signed the way this service requires; sign in again to get a new one.',
  signature: 'Your token could not be verified; sign in again to get a new one.',
  expired: 'Sign in again: your token has expired.',
  'not-yet-valid': 'Your token is not valid yet; check your device clock, or wait a moment and try again.',
  issuer: 'Your token was issued by a sign-in service this gateway does not trust; sign in through the right one.',
  audience: 'Your token was issued for another service; sign in to this service to get a token for it.',
  claims: 'Your token lacks required details (sub, name, org, role, exp); sign in again, or ask your administrator to fix your account.',
  unverifiable: 'Your token could not be checked right now; try again in a moment.',
};

/**
 * The caller could not be authenticated. `message` is safe to show the client; `reason`
 * and `failure` are for the operational log. Neither ever holds the token or a claim value.
 */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
  readonly code = 'UNAUTHENTICATED';
  readonly reason: AuthFailureReason;

  constructor(readonly failure: TokenFailure) {
    super(CLIENT_MESSAGES[failure.reason]);
    this.reason = failure.reason;
  }

  /**
   * The RFC 6750 §3 challenge. With no credentials at all it carries no error code
   * (§3.1); otherwise `invalid_token`.
   */
  get wwwAuthenticate(): string {
    if (this.reason === 'missing') return 'Bearer realm="huishoudview"';
    return `Bearer realm="huishoudview", error="invalid_token", error_description="${this.message.replace(/["\\]/g, '')}"`;
  }

  /**
   * As a GraphQL error: `extensions.code = 'UNAUTHENTICATED'`. `extensions.http` makes
   * Apollo Server answer 401 with the challenge header (and strips it from the body), when
   * thrown from the context function.
   */
  toGraphQLError(): GraphQLError {
    const headers = new HeaderMap();
    headers.set('www-authenticate', this.wwwAuthenticate);
    return new GraphQLError(this.message, {
      extensions: { code: this.code, http: { status: 401, headers } },
    });
  }
}

