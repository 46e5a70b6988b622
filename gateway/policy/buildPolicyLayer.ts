import { authConfigFromEnv, type AuthConfig } from '../auth/authConfig';
import { createCallerVerifier } from '../auth/verifyCaller';
import { loadPolicy } from '../../policies/loadPolicy';
import { PolicyEngine } from '../../policies/PolicyEngine';
import { createCallerTokenSigner } from '../../platform/callerToken';
import { loadOrCreateGatewayKeys } from '../../platform/gatewayKeys';
import { readLabelMap } from '../../schema/readLabelMap';
import type { GatewayOptions } from '../config';
import type { GatewayHooks } from '../GatewayHooks';
import { createPolicyLayer } from './createPolicyLayer';
import { createRowScopeFetcher } from './fetchRowScope';
import type { Fetcher } from '../keepAliveFetcher';

export interface BuiltPolicyLayer {
  hooks: GatewayHooks;
  engine: PolicyEngine;
}

/**
 * Everything the policy layer needs, from configuration: the policy file compiled against
 * the supergraph's labels, the JWT verifier, the gateway's signing key, the referral index.
 * Any problem stops the gateway at start-up, never at the first request.
 */
export async function buildPolicyLayer(
  options: GatewayOptions,
  supergraphSdl: string,
  fetcher: Fetcher,
  auth: AuthConfig = authConfigFromEnv(),
): Promise<BuiltPolicyLayer> {
  const engine = new PolicyEngine(loadPolicy(options.policyFile), readLabelMap(supergraphSdl));
  const keys = await loadOrCreateGatewayKeys(options.dataDir);
  const signer = createCallerTokenSigner(keys);
  const hooks = createPolicyLayer({
    engine,
    verifyCaller: createCallerVerifier(auth),
    signer,
    rowScope: createRowScopeFetcher({
      gemeenteUrl: options.subgraphUrls.gemeente,
      signer,
      timeoutMs: options.subgraphTimeoutMs,
      fetcher,
      cacheMs: options.relationCacheMs,
    }),
  });
  return { hooks, engine };
}
