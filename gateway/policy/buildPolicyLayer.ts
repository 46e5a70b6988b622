import type { IncomingMessage } from 'node:http';
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
import { identifyCaller, type IdentifiedCaller } from './identifyCaller';
import type { Fetcher } from '../keepAliveFetcher';

export interface BuiltPolicyLayer {
  hooks: GatewayHooks;
  engine: PolicyEngine;
  /**
   * Who is calling and why, without refusing anyone: for the audit record of a request
   * that failed before the policy layer ran (a parse error, a limit).
   */
  describeCaller(req: IncomingMessage): Promise<IdentifiedCaller>;
}

function needToKnowUrl(options: GatewayOptions, subgraph: string): string {
  const url = (options.subgraphUrls as Readonly<Record<string, string | undefined>>)[subgraph];
  if (!url) throw new Error(`policy.yaml needToKnow.subgraph names "${subgraph}", which the gateway has no URL for; add it to the registry or fix the policy.`);
  return url;
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
  const { needToKnow } = engine.policy;
  const keys = await loadOrCreateGatewayKeys(options.dataDir);
  const signer = createCallerTokenSigner(keys);
  const verifyCaller = createCallerVerifier(auth);
  const hooks = createPolicyLayer({
    engine,
    verifyCaller,
    signer,
    rowScope: createRowScopeFetcher({
      agency: needToKnow.subgraph,
      agencyUrl: needToKnowUrl(options, needToKnow.subgraph),
      route: needToKnow.route,
      subjectTypes: [...engine.policy.dataSubjects.keys()],
      signer,
      timeoutMs: options.subgraphTimeoutMs,
      fetcher,
      cacheMs: options.relationCacheMs,
    }),
  });
  return { hooks, engine, describeCaller: (req) => identifyCaller(req, verifyCaller, engine) };
}
