import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePortRange } from './freePortRange';

export interface IdpAccount {
  name: string;
  org: string;
  role: string;
}

export interface LocalIdp {
  issuer: string;
  clientId: string;
  audience: string;
  resource: string;
  close(): Promise<void>;
}

/** The issuer a local IdP will have, so the gateway can be configured before the IdP knows the gateway's address. */
export async function reserveIdpIssuer(): Promise<{ port: number; issuer: string }> {
  const port = await freePortRange(1);
  return { port, issuer: `http://127.0.0.1:${port}` };
}

/**
 * Starts a real OpenID Connect provider (oidc-provider, localIdp/main.mts) in a child
 * process on `port`: public client `clientId` with PKCE, JWT access tokens for the
 * gateway (`aud` = `audience`) carrying name, org and role. Any password signs in.
 */
export async function startLocalIdp(options: { port: number; redirectUri: string; accounts: Record<string, IdpAccount>; clientId?: string; audience?: string }): Promise<LocalIdp> {
  const clientId = options.clientId ?? 'huishoudview-apps';
  const audience = options.audience ?? 'huishoudview-gateway';
  const resource = 'urn:huishoudview:gateway';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'localIdp', 'main.mts')], {
    env: {
      ...process.env,
      IDP_PORT: String(options.port),
      IDP_CLIENT_ID: clientId,
      IDP_REDIRECT_URI: options.redirectUri,
      IDP_AUDIENCE: audience,
      IDP_RESOURCE: resource,
      IDP_ACCOUNTS: JSON.stringify(options.accounts),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`local IdP did not start in 20 s:\n${stderr}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^issuer (\S+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local IdP exited (code ${code}):\n${stderr}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    issuer,
    clientId,
    audience,
    resource,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
