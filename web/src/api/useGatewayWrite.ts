import { useCallback, useState } from 'react';
import { SessionEndedError, queryGateway, type GatewayError, type GraphQLAnswer } from './gatewayClient';

/** Where a form's write stands: being filled in (with a slip to show), sent, refused by the gateway, or not sent at all. */
export type WriteStatus = { kind: 'editing'; problem: string | null } | { kind: 'sending' } | { kind: 'refused'; errors: GatewayError[] } | { kind: 'failed'; message: string };

export interface GatewayWrite {
  status: WriteStatus;
  /** A slip the form caught itself (nothing was sent). */
  slip(problem: string): void;
  /** The gateway answered without what the form asked for. */
  refuse(errors: GatewayError[]): void;
  /** Sends; resolves to the answer, or null when none came (the status then says why; an ended session has already signed out). */
  send<TData>(query: string, options: Parameters<typeof queryGateway>[1]): Promise<GraphQLAnswer<TData> | null>;
}

/** One form's write to the gateway (a mutation, or a look with a header), with its status. */
export function useGatewayWrite(): GatewayWrite {
  const [status, setStatus] = useState<WriteStatus>({ kind: 'editing', problem: null });
  const slip = useCallback((problem: string) => setStatus({ kind: 'editing', problem }), []);
  const refuse = useCallback((errors: GatewayError[]) => setStatus({ kind: 'refused', errors }), []);
  const send = useCallback(async <TData,>(query: string, options: Parameters<typeof queryGateway>[1]): Promise<GraphQLAnswer<TData> | null> => {
    setStatus({ kind: 'sending' });
    try {
      const answer = await queryGateway<TData>(query, options);
      setStatus({ kind: 'editing', problem: null });
      return answer;
    } catch (err) {
      if (!(err instanceof SessionEndedError)) setStatus({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
      return null;
    }
  }, []);
  return { status, slip, refuse, send };
}
