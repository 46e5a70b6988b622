import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { decodeJwt } from 'jose';
import { CALLER_TOKEN_DEFAULTS, createCallerTokenVerifier, GATEWAY_TOKEN_HEADER } from '../../platform/callerToken';
import { loadGatewayPublicKey } from '../../platform/gatewayKeys';
import type { Caller } from './AgencyDefinition';

/** How long a verified token is trusted without checking its signature again. */
const VERIFIED_FOR_MS = 10_000;
const MAX_VERIFIED = 10_000;

/**
 * Subgraphs trust only the gateway: every request must carry a caller token the gateway
 * signed for this very agency (audience), or it is refused with 401 before any resolver
 * runs. Calling a subgraph directly yields nothing. The gateway reuses a token for a few
 * seconds, so a token already verified is remembered briefly (well inside its lifetime)
 * instead of paying an ECDSA check per request.
 */
export async function gatewayCallerIdentifier(agency: string, dataDir: string): Promise<(req: IncomingMessage) => Promise<Caller>> {
  const { publicKey } = await loadGatewayPublicKey(dataDir);
  const verify = createCallerTokenVerifier(publicKey, agency);
  const verified = new Map<string, { caller: Caller; untilMs: number }>();
  return async (req) => {
    const header = req.headers[GATEWAY_TOKEN_HEADER];
    const now = Date.now();
    if (typeof header === 'string') {
      const hit = verified.get(header);
      if (hit && hit.untilMs > now) return hit.caller;
    }
    try {
      const { sub, org, role, purpose } = await verify(header);
      const caller = { sub, org, role, purpose };
      if (typeof header === 'string') {
        if (verified.size >= MAX_VERIFIED) verified.clear();
        // Never past the token's own expiry, nor past one lifetime after it was issued.
        const { exp = 0, iat = 0 } = decodeJwt(header);
        const untilMs = Math.min(now + VERIFIED_FOR_MS, exp * 1000, (iat + CALLER_TOKEN_DEFAULTS.ttlSeconds) * 1000);
        verified.set(header, { caller, untilMs });
      }
      return caller;
    } catch {
      throw new GraphQLError('This service answers only the gateway; send your query to the gateway with your own token.', {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
      });
    }
  };
}
