import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, decodeJwt, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { CALLER_TOKEN_DEFAULTS, createCallerTokenVerifier, GATEWAY_TOKEN_HEADER } from '../../platform/callerToken';
import { loadGatewayPublicKey, PUBLIC_KEY_VARIABLE } from '../../platform/gatewayKeys';
import { localJwksResolver, signingKeyFile } from '../../platform/gatewayJwks';
import type { Caller } from './AgencyDefinition';

/** Env: the gateway's published keys (`<gateway>/.well-known/jwks.json`): all an agency outside this repository needs. */
export const GATEWAY_JWKS_URL_VARIABLE = 'GATEWAY_JWKS_URL';

/**
 * What gateway tokens are checked with: the gateway's JWKS when `GATEWAY_JWKS_URL` is set
 * (cached; fetched again when a token names an unknown key, i.e. after a rotation); else a
 * fixed public key file (`GATEWAY_PUBLIC_KEY_FILE`); else, in development, the key set the
 * gateway keeps in `<dataDir>/keys`, read again on an unknown key.
 */
async function gatewayTokenKey(dataDir: string, env: NodeJS.ProcessEnv): Promise<CryptoKey | JWTVerifyGetKey> {
  const jwksUrl = env[GATEWAY_JWKS_URL_VARIABLE];
  if (jwksUrl) return createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 1000, cacheMaxAge: 10 * 60_000, timeoutDuration: 3000 });
  // Refuses in production without a key; creates the development key if none exists yet.
  const { publicKey } = await loadGatewayPublicKey(dataDir, { env });
  if (env[PUBLIC_KEY_VARIABLE]) return publicKey;
  return localJwksResolver(signingKeyFile(dataDir, env));
}

/** How long a verified token is trusted without checking its signature again. */
const VERIFIED_FOR_MS = 30_000;
const MAX_VERIFIED = 10_000;

/**
 * Subgraphs trust only the gateway: every request must carry a caller token the gateway
 * signed for this very agency (audience), or it is refused with 401 before any resolver
 * runs. Calling a subgraph directly yields nothing. The gateway reuses a token for a few
 * seconds, so a token already verified is remembered briefly (well inside its lifetime)
 * instead of paying an ECDSA check per request.
 */
export async function gatewayCallerIdentifier(agency: string, dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<(req: IncomingMessage) => Promise<Caller>> {
  const verify = createCallerTokenVerifier(await gatewayTokenKey(dataDir, env), agency);
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
