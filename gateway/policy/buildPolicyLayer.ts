import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { authConfigFromEnv, type AuthConfig } from '../auth/authConfig';
import { createCallerVerifier } from '../auth/verifyCaller';
import { loadPolicy } from '../../policies/loadPolicy';
import { PolicyEngine } from '../../policies/PolicyEngine';
import type { Policy } from '../../policies/Policy';
import type { ChainRules } from '../../policies/ChainRules';
import { loadChainRules } from '../../policies/loadChainRules';
import { compileChainRules } from './compileChainRules';
import { createCallerTokenSigner, type CallerTokenSigner } from '../../platform/callerToken';
import { loadOrCreateGatewayKeys } from '../../platform/gatewayKeys';
import { readLabelMap } from '../../schema/readLabelMap';
import { supergraphSubgraphs } from '../../schema/supergraphSubgraphs';
import { subgraphUrlFor, type GatewayOptions } from '../config';
import type { GatewayHooks } from '../GatewayHooks';
import { createPolicyLayer, type PolicySnapshot } from './createPolicyLayer';
import { createRowScopeFetcher } from './fetchRowScope';
import { DataVersionWatch } from './DataVersionWatch';
import { BreakGlassGrants } from './BreakGlassGrants';
import { identifyCaller, type IdentifiedCaller } from './identifyCaller';
import type { Fetcher } from '../keepAliveFetcher';

export interface BuiltPolicyLayer {
  hooks: GatewayHooks;
  /** Signs every gateway token; `watchSigningKey` swaps its key on a rotation. */
  signer: CallerTokenSigner;
  /** The policy compiled against the supergraph in force. */
  current(): PolicySnapshot;
  /**
   * Compiles the policy against a new supergraph (its labels, its need-to-know route) and
   * returns the step that puts it in force; throws when it cannot be used.
   */
  prepare(supergraphSdl: string): () => void;
  /**
   * Who is calling and why, without refusing anyone: for the audit record of a request
   * that failed before the policy layer ran (a parse error, a limit).
   */
  describeCaller(req: IncomingMessage): Promise<IdentifiedCaller>;
}

function needToKnowUrl(options: GatewayOptions, supergraphSdl: string, subgraph: string): string {
  const url = subgraphUrlFor(options, subgraph, supergraphSubgraphs(supergraphSdl).get(subgraph));
  if (!url) throw new Error(`policy.yaml needToKnow.subgraph names "${subgraph}", which is not in the supergraph; publish it or fix the policy.`);
  return url;
}

/** Watches of the need-to-know subgraph's data version, one per URL, shared by every snapshot. */
type WatchFor = (agency: string, url: string) => DataVersionWatch | undefined;

function compile(policy: Policy, chainRules: readonly ChainRules[], supergraphSdl: string, options: GatewayOptions, fetcher: Fetcher, signer: CallerTokenSigner, watchFor: WatchFor): PolicySnapshot {
  const labels = readLabelMap(supergraphSdl);
  const engine = new PolicyEngine(policy, labels);
  const { needToKnow } = policy;
  const agencyUrl = needToKnowUrl(options, supergraphSdl, needToKnow.subgraph);
  const watch = needToKnow.versionRoute ? watchFor(needToKnow.subgraph, new URL(needToKnow.versionRoute, agencyUrl).toString()) : undefined;
  return {
    engine,
    computed: chainRules.map((rules) => compileChainRules(rules, supergraphSdl, (coordinate) => labels.get(coordinate))),
    rowScope: createRowScopeFetcher({
      agency: needToKnow.subgraph,
      agencyUrl,
      route: needToKnow.route,
      subjectTypes: [...policy.dataSubjects.keys()],
      signer,
      timeoutMs: options.subgraphTimeoutMs,
      fetcher,
      cacheMs: options.relationCacheMs,
      ...(watch ? { watch, versionedCacheMs: options.relationCacheMaxMs } : {}),
    }),
  };
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
  const policy = loadPolicy(options.policyFile);
  // Loaded with the policy and compiled with it against every supergraph (part of the snapshot).
  const ruleFiles = options.computedFieldRules ?? policy.computedFields.map((file) => path.resolve(path.dirname(options.policyFile), file));
  const chainRules = ruleFiles.map((file) => loadChainRules(file));
  const keys = await loadOrCreateGatewayKeys(options.dataDir);
  const signer = createCallerTokenSigner(keys);
  const verifyCaller = createCallerVerifier(auth);
  const watches = new Map<string, DataVersionWatch>();
  const watchFor: WatchFor = (agency, url) => {
    if (options.relationVersionPollMs <= 0 || options.relationCacheMs <= 0) return undefined;
    let watch = watches.get(url);
    if (!watch) watches.set(url, (watch = new DataVersionWatch({ agency, url, signer, fetcher, pollMs: options.relationVersionPollMs, freshMs: Math.max(1000, 2 * options.relationVersionPollMs) })));
    return watch;
  };
  let snapshot = compile(policy, chainRules, supergraphSdl, options, fetcher, signer, watchFor);
  const layer = createPolicyLayer({ snapshot: () => snapshot, verifyCaller, signer, grants: new BreakGlassGrants(options.clock ?? Date.now) });
  const hooks: GatewayHooks = {
    ...layer,
    async close() {
      for (const watch of watches.values()) watch.close();
      await layer.close?.();
    },
  };
  return {
    hooks,
    signer,
    current: () => snapshot,
    prepare(sdl) {
      const next = compile(policy, chainRules, sdl, options, fetcher, signer, watchFor);
      return () => (snapshot = next);
    },
    describeCaller: (req) => identifyCaller(req, verifyCaller, snapshot.engine),
  };
}
