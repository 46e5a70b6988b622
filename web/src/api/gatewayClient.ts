import { sessionStore } from '../session/sessionStore';

/** An error as the gateway sends it (docs/domain.md, "Error codes"). */
export interface GatewayError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: {
    code?: string;
    agency?: string;
    label?: string;
    purpose?: string;
    field?: string;
    path?: ReadonlyArray<string | number>;
  };
}

export interface GraphQLAnswer<TData> {
  data: TData | null;
  errors: GatewayError[];
}

/** The session ended (the gateway no longer accepts the token); the page shows the sign-in instead. */
export class SessionEndedError extends Error {
  override readonly name = 'SessionEndedError';
}

/** The gateway could not be reached or did not answer GraphQL. */
export class GatewayUnreachableError extends Error {
  override readonly name = 'GatewayUnreachableError';
}

export const SESSION_ENDED_NOTICE = 'Uw aanmelding is verlopen of niet meer geldig. Meld u opnieuw aan om verder te gaan.';

function currentPath(): string {
  return window.location.pathname + window.location.search;
}

/**
 * One GraphQL request to the gateway on this origin, with the signed-in person's token
 * and the declared purpose. An UNAUTHENTICATED answer signs the person out at once (the
 * token and everything shown with it are forgotten) and throws `SessionEndedError`.
 */
export async function queryGateway<TData>(query: string, options: { purpose: string; variables?: Record<string, unknown>; breakGlass?: string }): Promise<GraphQLAnswer<TData>> {
  const session = sessionStore.get().session;
  if (!session) throw new SessionEndedError('Not signed in');
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      cache: 'no-store',
      credentials: 'omit',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${session.token}`,
        'x-purpose': options.purpose,
        // Emergency access: the justification, percent-encoded (a header carries Latin-1 only).
        ...(options.breakGlass !== undefined ? { 'x-break-glass': encodeURIComponent(options.breakGlass) } : {}),
      },
      body: JSON.stringify({ query, variables: options.variables ?? {} }),
    });
  } catch {
    throw new GatewayUnreachableError('De huishoudview is nu niet bereikbaar. Probeer het zo opnieuw.');
  }
  let body: { data?: TData | null; errors?: GatewayError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new GatewayUnreachableError(`De huishoudview gaf geen bruikbaar antwoord (status ${response.status}). Probeer het zo opnieuw.`);
  }
  const errors = body.errors ?? [];
  if (response.status === 401 || errors.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) {
    sessionStore.signOut(SESSION_ENDED_NOTICE, currentPath());
    throw new SessionEndedError('Signed out');
  }
  return { data: body.data ?? null, errors };
}
