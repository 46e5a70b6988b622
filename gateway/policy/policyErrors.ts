import { GraphQLError } from 'graphql';
import { PurposeError } from '../../policies/PurposeError';

/** PURPOSE_REQUIRED / PURPOSE_NOT_PERMITTED, with the role and purpose that were refused. */
export function purposeGraphQLError(error: PurposeError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      role: error.role,
      ...(error.purpose ? { purpose: error.purpose } : {}),
      http: { status: error.code === 'PURPOSE_REQUIRED' ? 400 : 403 },
    },
  });
}

/**
 * Need-to-know refused (DOMAIN.md). The same answer whether or not the id exists, so a
 * refusal never tells the caller that a household is known somewhere.
 */
export function forbiddenRowError(): GraphQLError {
  return new GraphQLError(
    'You have no active relation with this household or person, so none of its data is shown. ' +
      'If you work with them, register your involvement in the referral index (or ask their coordinator to).',
    { extensions: { code: 'FORBIDDEN', http: { status: 403 } } },
  );
}
