/**
 * The one list of subgraphs. Everything that needs to know which subgraphs exist
 * (compose, seed, start, gateway config) reads it here.
 */

/** The agencies (DOMAIN.md, "Agencies"): each owns records and a database of its own. */
export const AGENCIES = ['gemeente', 'schuldhulp', 'wonen', 'veiligthuis', 'jeugdzorg', 'inkomen'] as const;

export type AgencyName = (typeof AGENCIES)[number];

/**
 * Every subgraph the gateway composes: the agencies, plus `audit`, the privacy officers'
 * and citizens' read-only view of the gateway's audit log (issue 4). `audit` seeds nothing.
 */
export const SUBGRAPHS = [...AGENCIES, 'audit'] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number];

export const DEFAULT_PORTS: Readonly<Record<SubgraphName, number>> = {
  gemeente: 4001,
  schuldhulp: 4002,
  wonen: 4003,
  veiligthuis: 4004,
  jeugdzorg: 4005,
  inkomen: 4006,
  audit: 4007,
};

export function isSubgraphName(value: string): value is SubgraphName {
  return (SUBGRAPHS as readonly string[]).includes(value);
}

/** Where a subgraph answers on one machine (`npm start`); the gateway's config may say otherwise. */
export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`;
}
