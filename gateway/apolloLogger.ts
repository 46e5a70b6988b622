import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import type pino from 'pino';

/** The logger shape Apollo Server and Apollo Gateway take (`@apollo/utils.logger`). */
export type ApolloLogger = NonNullable<ApolloServerOptions<BaseContext>['logger']>;

/** Routes Apollo's own log messages into our pino log as plain strings. */
export function apolloLogger(log: pino.Logger): ApolloLogger {
  const text = (message: unknown): string => (message instanceof Error ? message.message : String(message));
  return {
    debug: (message) => log.debug(text(message)),
    info: (message) => log.info(text(message)),
    warn: (message) => log.warn(text(message)),
    error: (message) => log.error(text(message)),
  };
}
