/** `SUBGRAPH_SCHULDHULP_URL` for `schuldhulp`; `-` becomes `_` (`SUBGRAPH_ENERGIE_LEVERANCIER_URL`). */
export function subgraphUrlVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`;
}
