import pino from 'pino';

/**
 * The operational log: JSON lines for operators. It must never carry tokens, personal
 * data or response bodies (GDPR art. 5(1)(c), data minimisation); the audit log is a
 * separate, durable store. `redact` is a second line of defence, not the first.
 */
const OPTIONS: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { pid: process.pid },
  redact: {
    paths: ['authorization', 'headers.authorization', 'req.headers.authorization', 'token', '*.token'],
    censor: '[redacted]',
  },
};

export const logger = pino(OPTIONS);

/** The same log on stderr, for a process whose stdout is for something else (`npm start` prints its addresses there). */
export function stderrLogger(component: string): pino.Logger {
  return pino(OPTIONS, pino.destination({ fd: 2, sync: true })).child({ component });
}

export function childLogger(component: string): pino.Logger {
  return logger.child({ component });
}
