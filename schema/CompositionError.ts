/** One reason composition failed, with the agencies (subgraphs) it concerns. */
export interface CompositionProblem {
  agencies: string[];
  /** Apollo's error code, e.g. `FIELD_TYPE_MISMATCH`, or `SDL_PARSE_FAILED` / `SCHEMA_MISSING`. */
  code: string;
  reason: string;
}

function describe(problem: CompositionProblem): string {
  // Apollo already prefixes some messages with `[subgraph]`; don't say it twice.
  const prefixed = problem.agencies.length === 0 || /^\[[^\]]+\]/.test(problem.reason);
  const where = prefixed ? '' : `[${problem.agencies.join(', ')}] `;
  return `${where}${problem.reason} (${problem.code})`;
}

/**
 * Composition refused the agencies' schemas. The message names each agency involved and
 * the reason, so the agency's developer knows which `schema.graphql` to fix.
 */
export class CompositionError extends Error {
  override readonly name = 'CompositionError';

  constructor(readonly problems: CompositionProblem[]) {
    super(
      `The agency schemas do not compose into one supergraph:\n${problems.map((p) => `  - ${describe(p)}`).join('\n')}`,
    );
  }

  /** Every agency named by any problem. */
  get agencies(): string[] {
    return [...new Set(this.problems.flatMap((p) => p.agencies))];
  }
}
