import { useCallback, useEffect, useState } from 'react';
import { SessionEndedError, queryGateway, type GraphQLAnswer } from './gatewayClient';

export type QueryState<TData> =
  | { status: 'loading' }
  | { status: 'answered'; answer: GraphQLAnswer<TData> }
  | { status: 'failed'; message: string };

/**
 * Runs a query when the page opens and whenever `key` changes; nothing is cached, so
 * every page shows what the gateway answers now. `reload()` asks again.
 */
export function useGatewayQuery<TData>(query: string, purpose: string, variables: Record<string, unknown> | undefined, key: string): [QueryState<TData>, () => void] {
  const [state, setState] = useState<QueryState<TData>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    queryGateway<TData>(query, { purpose, variables }).then(
      (answer) => current && setState({ status: 'answered', answer }),
      (err: unknown) => {
        // A session that ended has already sent the person to the sign-in page.
        if (current && !(err instanceof SessionEndedError)) setState({ status: 'failed', message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      current = false;
    };
    // `key` stands for query, purpose and variables: a new object each render must not ask again.
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return [state, reload];
}
