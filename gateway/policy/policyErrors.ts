import { GraphQLError } from 'graphql';
import { PurposeError } from '../../policies/PurposeError';

/**
 * PURPOSE_REQUIRED / PURPOSE_NOT_PERMITTED. The message names the purposes the role may
 * use (from the policy), never the header or claim values the caller sent.
 */
export function purposeGraphQLError(error: PurposeError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: error.code, http: { status: error.code === 'PURPOSE_REQUIRED' ? 400 : 403 } },
  });
}

/** A purpose over the caller's own records, for a caller whose token names no such record. */
export function notSelfSubjectError(): GraphQLError {
  return new GraphQLError(
    'This purpose shows only your own records, and your sign-in does not name you as a person of this service. Sign in again with your own account.',
    { extensions: { code: 'FORBIDDEN', http: { status: 403 } } },
  );
}

/** Introspection for a purpose that may not see the schema (policy.yaml `schemaIntrospection: false`). */
export function schemaHiddenError(): GraphQLError {
  return new GraphQLError('The schema is not available for your purpose; ask for the data you need by name.', {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });
}

/**
 * Need-to-know refused (docs/domain.md). The same answer whether or not the id exists, so a
 * refusal never tells the caller that a household is known somewhere.
 */
export function forbiddenRowError(): GraphQLError {
  return new GraphQLError(
    'You have no active relation with this household or person, so none of its data is shown. ' +
      'If you work with them, register your involvement in the referral index (or ask their coordinator to).',
    { extensions: { code: 'FORBIDDEN', http: { status: 403 } } },
  );
}

/** `X-Break-Glass` from a purpose whose policy does not allow it (policy.yaml `breakGlass`). */
export function breakGlassNotPermittedError(): GraphQLError {
  return new GraphQLError(
    'Your purpose may not use emergency access (X-Break-Glass); only a purpose whose policy allows it may. Send the request without the header, or ask your privacy officer.',
    { extensions: { code: 'BREAK_GLASS_NOT_PERMITTED', http: { status: 403 } } },
  );
}

/** A break-glass justification too short (or too long) to review. */
export function breakGlassJustificationError(minLength: number, maxLength: number): GraphQLError {
  return new GraphQLError(
    `Emergency access needs a justification in X-Break-Glass of ${minLength} to ${maxLength} characters saying why the situation is acute; write no personal details in it.`,
    { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
  );
}

/** A mutation the policy does not declare for this purpose (policy.yaml `writes`). */
export function writeNotPermittedError(): GraphQLError {
  return new GraphQLError('This API takes no such write for your purpose; it is read-only except for the writes the policy declares.', {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });
}
