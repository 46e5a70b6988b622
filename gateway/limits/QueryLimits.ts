/**
 * Limits on what one request may ask, enforced before planning (issue 5; OWASP GraphQL
 * cheat sheet). Defaults here, in one place; a household view of docs/domain.md stays well
 * inside every one of them.
 */
export interface QueryLimits {
  /** Deepest field nesting (a household view is 5 deep). */
  maxDepth: number;
  /** Aliases in one operation, fragments included. */
  maxAliases: number;
  /** Root fields in one operation (each opens a household or person). */
  maxRootFields: number;
  /** graphql-armor's cost: objects 2, scalars 1, times 1.5 per level of depth. */
  maxCost: number;
  /** Directives in one operation. */
  maxDirectives: number;
  /** Lexical tokens in the document; parsing stops past it. */
  maxTokens: number;
  /** Characters in the query text. */
  maxDocumentBytes: number;
  /** Bytes in the HTTP request body (answered with 413). */
  maxBodyBytes: number;
}

export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = {
  maxDepth: 8,
  maxAliases: 15,
  maxRootFields: 5,
  maxCost: 5000,
  maxDirectives: 20,
  maxTokens: 2000,
  maxDocumentBytes: 20_000,
  maxBodyBytes: 100_000,
};

/** Which limit refused a request; carried as `extensions.limit`. */
export type LimitName = 'depth' | 'aliases' | 'rootFields' | 'cost' | 'directives' | 'tokens' | 'documentSize';
