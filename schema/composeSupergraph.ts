import { composeServices } from '@apollo/composition';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { CompositionError, type CompositionProblem } from './CompositionError';

export interface SubgraphSource {
  /** The agency (subgraph) name; it becomes the subgraph's name in the supergraph. */
  name: string;
  sdl: string;
  /** Where the gateway routes the subgraph's part (the registry's routing_url). */
  url?: string;
  /** Where the SDL was read from (a file or URL), named when it does not parse. */
  origin?: string;
}

/**
 * An extra rule every agency schema must follow (e.g. "every field carries a @label"),
 * checked on the parsed SDL before composition; returns the problems it found.
 */
export type SubgraphCheck = (subgraph: { name: string; document: DocumentNode }) => CompositionProblem[];

export interface ComposeOptions {
  checks?: readonly SubgraphCheck[];
}

/** A placeholder for a stand-in subgraph without a routing URL (tests); the gateway's config decides. */
function urlFor(name: string): string {
  return `http://127.0.0.1/${name}/graphql`;
}

type Parsed = { ok: true; document: DocumentNode } | { ok: false; problem: CompositionProblem };

function parseSdl(source: SubgraphSource): Parsed {
  try {
    return { ok: true, document: parse(source.sdl) };
  } catch (err) {
    const location = err instanceof GraphQLError && err.locations?.[0] ? ` at line ${err.locations[0].line}, column ${err.locations[0].column}` : '';
    const message = (err instanceof Error ? err.message : String(err)).replace(/\.$/, '');
    return {
      ok: false,
      problem: { agencies: [source.name], code: 'SDL_PARSE_FAILED', reason: `${source.origin ?? 'its schema'} does not parse${location}: ${message}; fix the syntax and try again` },
    };
  }
}

/** The subgraphs an Apollo composition error concerns: from its AST nodes, else from its message. */
function agenciesOf(error: GraphQLError, names: string[]): string[] {
  const found = new Set<string>();
  for (const node of error.nodes ?? []) {
    if ('subgraph' in node && typeof node.subgraph === 'string') found.add(node.subgraph);
  }
  for (const name of names) {
    if (error.message.includes(`"${name}"`) || error.message.includes(`[${name}]`)) found.add(name);
  }
  return names.filter((name) => found.has(name));
}

/**
 * Composes the agencies' subgraph schemas (Federation 2) into the supergraph SDL the
 * gateway plans queries against. Throws a `CompositionError` naming the agency and the
 * reason when a schema does not parse or the schemas do not fit together.
 */
export function composeSupergraph(sources: SubgraphSource[], options: ComposeOptions = {}): string {
  const names = sources.map((s) => s.name);
  const services = [];
  const parseProblems: CompositionProblem[] = [];
  for (const source of sources) {
    const parsed = parseSdl(source);
    if (parsed.ok) services.push({ name: source.name, url: source.url ?? urlFor(source.name), typeDefs: parsed.document });
    else parseProblems.push(parsed.problem);
  }
  // Report every agency whose SDL is broken at once, not one per run.
  if (parseProblems.length > 0) throw new CompositionError(parseProblems);
  const ruleProblems = services.flatMap((service) => (options.checks ?? []).flatMap((check) => check({ name: service.name, document: service.typeDefs })));
  // Composition runs even when a rule failed, so one run reports both kinds of problem.
  const result = composeServices(services);
  const composeProblems = (result.errors ?? []).map((error) => ({
    agencies: agenciesOf(error, names),
    code: typeof error.extensions.code === 'string' ? error.extensions.code : 'COMPOSITION_FAILED',
    reason: error.message,
  }));
  if (composeProblems.length > 0 || ruleProblems.length > 0) throw new CompositionError([...composeProblems, ...ruleProblems]);
  return result.supergraphSdl!;
}
