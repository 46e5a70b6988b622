import { Kind, parse, type DocumentNode } from 'graphql';

/**
 * The subgraphs a supergraph was composed from, with their routing URLs, read from its
 * `join__Graph` enum (`@join__graph(name:, url:)`): what the gateway routes to, without
 * knowing any subgraph name of its own.
 */
export function supergraphSubgraphs(supergraph: string | DocumentNode): Map<string, string> {
  const document = typeof supergraph === 'string' ? parse(supergraph) : supergraph;
  const found = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      const arg = (name: string) => {
        const node = graph?.arguments?.find((a) => a.name.value === name)?.value;
        return node?.kind === Kind.STRING ? node.value : undefined;
      };
      const name = arg('name');
      const url = arg('url');
      if (name && url !== undefined) found.set(name, url);
    }
  }
  return found;
}
