/**
 * A real OpenID Connect provider (oidc-provider) for the apps' sign-in tests, in its own
 * process: oidc-provider is an ES module, which Jest's CommonJS runtime cannot load.
 * Its built-in development login page accepts any password for the accounts given.
 *
 * Environment: IDP_PORT (to listen on 127.0.0.1), IDP_CLIENT_ID, IDP_REDIRECT_URI,
 * IDP_AUDIENCE (the gateway's `aud`), IDP_RESOURCE (resource indicator), IDP_ACCOUNTS
 * (JSON: sub → { name, org, role }). Prints `issuer <url>` on stdout once it listens.
 */
import http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

interface AccountClaims {
  name: string;
  org: string;
  role: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const port = Number(required('IDP_PORT'));
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = JSON.parse(required('IDP_ACCOUNTS')) as Record<string, AccountClaims>;
  const audience = required('IDP_AUDIENCE');
  const resource = required('IDP_RESOURCE');
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-idp' };

  const configuration: Configuration = {
    clients: [
      {
        client_id: required('IDP_CLIENT_ID'),
        token_endpoint_auth_method: 'none',
        redirect_uris: [required('IDP_REDIRECT_URI')],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey] },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new Error(`unknown resource ${indicator}`);
          return { scope: 'openid', audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // The gateway's identity claims ride in the access token it verifies.
    extraTokenClaims: (_ctx, token) => {
      const account = 'accountId' in token && typeof token.accountId === 'string' ? accounts[token.accountId] : undefined;
      return account ? { name: account.name, org: account.org, role: account.role } : undefined;
    },
    findAccount: (_ctx, sub) => (accounts[sub] ? { accountId: sub, claims: () => ({ sub, name: accounts[sub]!.name }) } : undefined),
    ttl: { AccessToken: 600 },
  };
  const provider = new Provider(issuer, configuration);
  const server = http.createServer(provider.callback());
  server.listen(port, '127.0.0.1', () => process.stdout.write(`issuer ${issuer}\n`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((err: unknown) => {
  process.stderr.write(`local IdP: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
