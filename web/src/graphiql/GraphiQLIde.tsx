import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { useMemo } from 'react';
import { SESSION_ENDED_NOTICE } from '../api/gatewayClient';
import { sessionStore, type Session } from '../session/sessionStore';
import { memoryStorage } from './memoryStorage';

const EXAMPLE = `# Met uw aanmelding en uw doel (X-Purpose)
query MijnHuishoudens {
  myHouseholds {
    id
    address { city }
  }
}
`;

interface FetcherParams {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

/** GraphiQL (bundled, nothing from a CDN) that sends the signed-in person's token and purpose. */
export default function GraphiQLIde({ session, purpose }: { session: Session; purpose: string }) {
  const storage = useMemo(memoryStorage, []);
  const fetcher = useMemo(
    () =>
      async (params: FetcherParams, options?: { headers?: Record<string, unknown> }) => {
        const response = await fetch('/graphql', {
          method: 'POST',
          cache: 'no-store',
          credentials: 'omit',
          headers: {
            'content-type': 'application/json',
            'x-purpose': purpose,
            // Headers typed in the editor (another purpose, say) go along; the token is always this session's.
            ...Object.fromEntries(Object.entries(options?.headers ?? {}).map(([key, value]) => [key.toLowerCase(), String(value)])),
            authorization: `Bearer ${session.token}`,
          },
          body: JSON.stringify(params),
        });
        if (response.status === 401) sessionStore.signOut(SESSION_ENDED_NOTICE, '/graphiql');
        return response.json();
      },
    [session, purpose],
  );
  return (
    <GraphiQL fetcher={fetcher} storage={storage} defaultQuery={EXAMPLE} initialQuery={EXAMPLE}>
      {/* Our own title instead of GraphiQL's logo link (too little contrast, and a link away from the app). */}
      <GraphiQL.Logo>Huishoudview</GraphiQL.Logo>
    </GraphiQL>
  );
}
