import { GraphQLError } from 'graphql';
import type { Caller } from '../kit/AgencyDefinition';

/*
 * Defence in depth: the gateway's label policy already grants `audit` only to the purposes
 * `toezicht` and `inzage`; the subgraph checks again, from the caller the gateway signed,
 * so a mistake in one layer never opens the log.
 */

export const REVIEWER = { role: 'privacy-officer', purpose: 'toezicht' } as const;
export const CITIZEN = { purpose: 'inzage' } as const;

function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** The access log, chain and findings: privacy officers acting for `toezicht` only. */
export function requireReviewer(caller: Caller | null): Caller {
  if (!caller || caller.role !== REVIEWER.role || caller.purpose !== REVIEWER.purpose) {
    throw forbidden(`The audit log is for role ${REVIEWER.role} with purpose ${REVIEWER.purpose} only.`);
  }
  return caller;
}

/** A citizen's own access report: purpose `inzage`; `sub` is their person id. */
export function requireCitizen(caller: Caller | null): Caller {
  if (!caller || caller.purpose !== CITIZEN.purpose) {
    throw forbidden(`Your own access report needs purpose ${CITIZEN.purpose}.`);
  }
  return caller;
}
