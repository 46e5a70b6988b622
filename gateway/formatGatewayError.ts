import type { GraphQLFormattedError } from 'graphql';

/**
 * Extension keys a client may see (docs/domain.md, "Error codes"): the code, the agency an
 * error concerns, and for `FORBIDDEN_FIELD` the label and purpose. Everything else that
 * Apollo or a subgraph attaches (stack traces, subgraph URLs, response bodies, service
 * names) stays inside.
 */
export const PUBLIC_EXTENSION_KEYS = ['code', 'agency', 'label', 'purpose', 'field', 'limit'] as const;

/** Codes whose messages come from code paths we do not control and may leak internals. */
const OPAQUE_CODES = new Set(['INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);

/** graphql-js's message when `parseOptions.maxTokens` stops the parser. */
const TOKEN_LIMIT = /Document contains more th(?:an|at) (\d+) tokens/;

const INTERNAL_MESSAGE = 'Something went wrong while answering this request; try again, and report the time if it persists.';

function opaqueMessage(agency: string | undefined): string {
  return agency
    ? `The ${agency} agency failed to answer part of this request; its part of the view is missing. Try again later.`
    : INTERNAL_MESSAGE;
}

/**
 * Apollo Server `formatError` for the gateway: keeps the message, `path`, `locations` and
 * the public extension keys. Errors from a subgraph carry `serviceName`; that becomes
 * `agency`, so the client knows which agency's part an error concerns.
 */
export function formatGatewayError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const source = formatted.extensions ?? {};
  const extensions: Record<string, unknown> = {};
  for (const key of PUBLIC_EXTENSION_KEYS) {
    if (source[key] !== undefined) extensions[key] = source[key];
  }
  if (extensions.agency === undefined && typeof source.serviceName === 'string') extensions.agency = source.serviceName;
  let code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
  let message = formatted.message;
  // A limit refused the query (gateway/limits): one code for all of them, the limit named.
  if (extensions.limit !== undefined) code = 'QUERY_TOO_COMPLEX';
  // A validation rule of ours refused the client's input (reserved alias, operation name).
  if (source.userInput === true) code = 'BAD_USER_INPUT';
  const tokens = code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(formatted.message) : null;
  if (tokens) {
    code = 'QUERY_TOO_COMPLEX';
    extensions.limit = 'tokens';
    message = `The query has more than ${tokens[1]} tokens, the limit; send a smaller query.`;
  }
  extensions.code = code;
  const agency = typeof extensions.agency === 'string' ? extensions.agency : undefined;

  return {
    message: OPAQUE_CODES.has(code) ? opaqueMessage(agency) : message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions,
  };
}
