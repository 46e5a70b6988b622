import { createCallerTokenSigner, signCallerToken, type CallerTokenSigner } from '../../platform/callerToken';
import { loadOrCreateGatewayKeys } from '../../platform/gatewayKeys';
import { hostedSubgraphs, loadRegistry } from '../../schema/SubgraphRegistry';

/** The one caller every subgraph request of a comparison gateway is signed for. */
export const FIXED_CALLER = { sub: 'u-bench-bare', org: 'gemeente', role: 'regisseur', purpose: 'regie', requestId: 'bench-bare-gateway' } as const;
const RESIGN_MS = 30_000;

/**
 * Gateway tokens for the comparison gateways (bare Apollo, Hive): our subgraphs answer
 * only requests carrying a gateway-signed `x-gateway-token`, so these gateways add one —
 * for one fixed caller, signed with the development gateway key in `<dataDir>/keys`,
 * re-signed every 30 s (tokens live 60 s). No signing happens per request.
 */
export async function fixedCallerTokens(dataDir: string, what: string): Promise<(agency: string) => string | undefined> {
  const tokens = new Map<string, string>();
  const signer: CallerTokenSigner = createCallerTokenSigner(await loadOrCreateGatewayKeys(dataDir), { reuseSeconds: 0 });
  const signAll = async () => {
    for (const { name: agency } of hostedSubgraphs(loadRegistry())) tokens.set(agency, await signCallerToken({ ...FIXED_CALLER, agency }, signer));
  };
  await signAll();
  setInterval(() => void signAll().catch((err: unknown) => process.stderr.write(`${what}: re-signing failed: ${String(err)}\n`)), RESIGN_MS).unref();
  return (agency) => tokens.get(agency);
}
