import { resolveAuthConfig } from '../../gateway/auth/authConfig';
import { signDevToken } from '../../gateway/auth/signDevToken';
import { createCallerTokenSigner, GATEWAY_TOKEN_HEADER, signCallerToken } from '../../platform/callerToken';
import { loadOrCreateGatewayKeys } from '../../platform/gatewayKeys';
import type { Caller } from '../../subgraphs/kit/AgencyDefinition';

export interface TestCaller {
  sub: string;
  role: string;
  org?: string;
  name?: string;
  /** Sent as X-Purpose; omit to send none. */
  purpose?: string;
}

/** The demo professionals of docs/domain.md with their own role and purpose. */
export const DEMO = {
  regisseur: { sub: 'u-regisseur-1', role: 'regisseur', purpose: 'regie' },
  otherRegisseur: { sub: 'u-regisseur-2', role: 'regisseur', purpose: 'regie' },
  schuldhulp: { sub: 'u-schuld-1', role: 'schuldhulpverlener', purpose: 'schuldhulp' },
  wonen: { sub: 'u-wonen-1', role: 'woonconsulent', purpose: 'woonurgentie' },
  jeugd: { sub: 'u-jeugd-1', role: 'jeugdbeschermer', purpose: 'jeugdbescherming' },
  veiligthuis: { sub: 'u-vt-1', role: 'veiligthuis-medewerker', purpose: 'veiligheid' },
  privacy: { sub: 'u-privacy-1', role: 'privacy-officer', purpose: 'toezicht' },
  vroeg: { sub: 'u-vroeg-1', role: 'vroegsignaleerder', purpose: 'vroegsignalering' },
  burger: { sub: 'P-0001', role: 'burger', purpose: 'inzage' },
} as const satisfies Record<string, TestCaller>;

/** A development token as `npm run token` makes it. */
export function tokenFor(caller: TestCaller): Promise<string> {
  return signDevToken({ sub: caller.sub, role: caller.role, org: caller.org, name: caller.name }, resolveAuthConfig({ mode: 'development' }));
}

/** Authorization and X-Purpose headers for a request to the gateway. */
export async function headersFor(caller: TestCaller): Promise<Record<string, string>> {
  const headers: Record<string, string> = { authorization: `Bearer ${await tokenFor(caller)}` };
  if (caller.purpose !== undefined) headers['x-purpose'] = caller.purpose;
  return headers;
}

/** The header the gateway sends a subgraph, signed with the gateway's key in `dataDir`. */
export async function gatewayTokenHeaders(dataDir: string, agency: string, caller: Caller): Promise<Record<string, string>> {
  const signer = createCallerTokenSigner(await loadOrCreateGatewayKeys(dataDir));
  return { [GATEWAY_TOKEN_HEADER]: await signCallerToken({ ...caller, agency, requestId: 'test' }, signer) };
}
