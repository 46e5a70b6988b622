/**
 * The one list of agency subgraphs (DOMAIN.md, "Agencies"). Everything that needs to
 * know which subgraphs exist (compose, seed, start, gateway config) reads it here.
 */
export const AGENCIES = ['gemeente', 'schuldhulp', 'wonen', 'veiligthuis', 'jeugdzorg', 'inkomen'] as const;

export type AgencyName = (typeof AGENCIES)[number];

export const DEFAULT_PORTS: Readonly<Record<AgencyName, number>> = {
  gemeente: 4001,
  schuldhulp: 4002,
  wonen: 4003,
  veiligthuis: 4004,
  jeugdzorg: 4005,
  inkomen: 4006,
};

export function isAgencyName(value: string): value is AgencyName {
  return (AGENCIES as readonly string[]).includes(value);
}
