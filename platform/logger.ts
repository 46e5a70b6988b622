import pino from 'pino';

/**
 * The operational log: JSON lines for operators. It must never carry tokens, personal
 * data or response bodies (GDPR art. 5(1)(c), data minimisation); the audit log is a
 * separate, durable store. `redact` is a second line of defence, not the first.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { pid: process.pid },
  redact: {
    paths: ['authorization', 'headers.authorization', 'req.headers.authorization', 'token', '*.token'],
    censor: '[redacted]',
  },
});

export function childLogger(component: string): pino.Logger {
  return logger.child({ component });
}
