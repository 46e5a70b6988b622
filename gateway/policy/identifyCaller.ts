import type { IncomingMessage } from 'node:http';
import type { GraphQLError } from 'graphql';
import { AuthenticationError } from '../auth/AuthenticationError';
import type { Identity } from '../auth/Identity';
import type { CallerVerifier } from '../auth/verifyCaller';
import type { Purpose } from '../../policies/Policy';
import type { PolicyEngine } from '../../policies/PolicyEngine';
import { PurposeError } from '../../policies/PurposeError';
import { purposeGraphQLError } from './policyErrors';

export interface IdentifiedCaller {
  /** Present once the token verified. */
  identity?: Identity;
  /** Present once the declared purpose is one the caller's role may use. */
  purpose?: Purpose;
  /** Why the caller may not go on (UNAUTHENTICATED, PURPOSE_*), as far as it got. */
  refusal?: GraphQLError;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Who is calling (the JWT) and why (`X-Purpose`, bound to the role). Never throws: the
 * policy layer refuses on `refusal`; the audit log records as much as was established.
 */
export async function identifyCaller(req: IncomingMessage, verifyCaller: CallerVerifier, engine: PolicyEngine): Promise<IdentifiedCaller> {
  let identity: Identity;
  try {
    identity = await verifyCaller(header(req.headers.authorization));
  } catch (err) {
    if (err instanceof AuthenticationError) return { refusal: err.toGraphQLError() };
    throw err;
  }
  try {
    return { identity, purpose: engine.purposeFor(identity.role, header(req.headers['x-purpose'])) };
  } catch (err) {
    if (err instanceof PurposeError) return { identity, refusal: purposeGraphQLError(err) };
    throw err;
  }
}
