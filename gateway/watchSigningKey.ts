import fs from 'node:fs';
import type pino from 'pino';
import { useSigningKey, type CallerTokenSigner } from '../platform/callerToken';
import { loadOrCreateGatewayKeys } from '../platform/gatewayKeys';

/**
 * Follows `npm run keys:rotate`: when the signing key file changes, the gateway signs
 * with the new key within one poll, without a restart. The old key stays in the published
 * JWKS (platform/gatewayJwks.ts) until the tokens it signed have expired. Returns a stop.
 */
export function watchSigningKey(options: { file: string; dataDir: string; signer: CallerTokenSigner; pollMs: number; log: pino.Logger }): () => void {
  const changedAt = () => {
    try {
      return fs.statSync(options.file).mtimeMs;
    } catch {
      return undefined;
    }
  };
  let seen = changedAt();
  let busy = false;
  const timer = setInterval(() => {
    const now = changedAt();
    if (busy || now === undefined || now === seen) return;
    busy = true;
    loadOrCreateGatewayKeys(options.dataDir)
      .then((keys) => {
        const previous = options.signer.kid;
        useSigningKey(options.signer, keys);
        seen = now;
        options.log.info({ previousKid: previous, kid: keys.kid }, 'signing key rotated');
      })
      // A half-written or wrong key: keep signing with the current one, try again next poll.
      .catch((err: unknown) => options.log.error({ reason: err instanceof Error ? err.message : String(err) }, 'new signing key not usable; keeping the current one'))
      .finally(() => (busy = false));
  }, options.pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
