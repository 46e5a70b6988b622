import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { createCallerTokenVerifier, GATEWAY_TOKEN_HEADER } from '../../platform/callerToken';
import { loadGatewayPublicKey } from '../../platform/gatewayKeys';
import type { Caller } from './AgencyDefinition';

/**
 * Subgraphs trust only the gateway: every request must carry a caller token the gateway
 * signed for this very agency (audience), or it is refused with 401 before any resolver
 * runs. Calling a subgraph directly yields nothing.
 */
export async function gatewayCallerIdentifier(agency: string, dataDir: string): Promise<(req: IncomingMessage) => Promise<Caller>> {
  const { publicKey } = await loadGatewayPublicKey(dataDir);
  const verify = createCallerTokenVerifier(publicKey, agency);
  return async (req) => {
    try {
      const { sub, org, role, purpose } = await verify(req.headers[GATEWAY_TOKEN_HEADER]);
      return { sub, org, role, purpose };
    } catch {
      throw new GraphQLError('This service answers only the gateway; send your query to the gateway with your own token.', {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
      });
    }
  };
}
