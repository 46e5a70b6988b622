import { GraphQLError } from 'graphql';

export const AGENCY_UNAVAILABLE = 'AGENCY_UNAVAILABLE';

/**
 * The error a client sees when one agency's subgraph is down, slow or broken. The rest
 * of the view still comes back; this tells the professional which part is missing and
 * that it is worth trying again, without exposing hosts, ports or status lines.
 */
export function agencyUnavailableError(agency: string): GraphQLError {
  return new GraphQLError(`The ${agency} agency did not answer; its part of the view is missing. Try again later.`, {
    extensions: { code: AGENCY_UNAVAILABLE, agency },
  });
}
