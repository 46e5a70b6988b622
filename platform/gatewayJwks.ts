import fs from 'node:fs';
import path from 'node:path';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import { GATEWAY_KEY_ALGORITHM, SIGNING_KEY_VARIABLE, gatewayKeyFiles } from './gatewayKeys';
import { writeFileAtomically } from './writeFileAtomically';

/**
 * How long a rotated-out key stays published: longer than any caller token it signed can
 * live (60 s, plus the reuse window and clock tolerance), with room for a slow rollout.
 */
export const RETIRED_KEY_PUBLISHED_MS = 10 * 60_000;

/** The signing key file in force: `GATEWAY_SIGNING_KEY_FILE`, else the development key in `<dataDir>/keys`. */
export function signingKeyFile(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[SIGNING_KEY_VARIABLE] ? path.resolve(env[SIGNING_KEY_VARIABLE]!) : gatewayKeyFiles(dataDir).privateKeyFile;
}

/** `retired/` beside the signing key: the public halves of rotated-out keys (their mtime is when they were retired). */
export function retiredKeysDir(privateKeyFile: string): string {
  return path.join(path.dirname(privateKeyFile), 'retired');
}

async function publicJwk(key: KeyObject): Promise<JWK> {
  const jwk = await exportJWK(key);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: GATEWAY_KEY_ALGORITHM, use: 'sig' };
}

/**
 * The gateway's token-signing public keys as a JWK Set (RFC 7517 §5): the key in force
 * and every rotated-out key still within `RETIRED_KEY_PUBLISHED_MS`, so a subgraph can
 * check any token the gateway may still send. Read from the files each time (they are few).
 */
export async function publishedJwks(privateKeyFile: string, now = Date.now()): Promise<JSONWebKeySet> {
  const keys: JWK[] = [await publicJwk(createPublicKey(fs.readFileSync(privateKeyFile, 'utf8')))];
  const retired = retiredKeysDir(privateKeyFile);
  const files = fs.existsSync(retired) ? fs.readdirSync(retired).filter((f) => f.endsWith('.pub.pem')) : [];
  for (const file of files.sort()) {
    const full = path.join(retired, file);
    if (fs.statSync(full).mtimeMs + RETIRED_KEY_PUBLISHED_MS <= now) continue;
    const jwk = await publicJwk(createPublicKey(fs.readFileSync(full, 'utf8')));
    if (!keys.some((k) => k.kid === jwk.kid)) keys.push(jwk);
  }
  return { keys };
}

/**
 * `npm run keys:rotate`: a new signing key in place of the current one (written
 * atomically), the current one's public half kept in `retired/` so it stays published
 * until every token it signed has expired. A running gateway signs with the new key
 * within a second. Returns both key ids.
 */
export async function rotateSigningKey(privateKeyFile: string): Promise<{ retiredKid: string; newKid: string }> {
  const current = createPublicKey(fs.readFileSync(privateKeyFile, 'utf8'));
  const retiredKid = (await publicJwk(current)).kid!;
  const retired = retiredKeysDir(privateKeyFile);
  fs.mkdirSync(retired, { recursive: true, mode: 0o700 });
  writeFileAtomically(path.join(retired, `${retiredKid}.pub.pem`), current.export({ type: 'spki', format: 'pem' }).toString());
  const next = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  writeFileAtomically(privateKeyFile, next.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  return { retiredKid, newKid: (await publicJwk(createPublicKey(next))).kid! };
}

/**
 * A token-key resolver over the JWK Set on disk (development: subgraph and gateway share
 * `<dataDir>/keys`), read again when a token names a key it does not know (a rotation).
 */
export function localJwksResolver(privateKeyFile: string, minReloadMs = 500): JWTVerifyGetKey {
  let resolver: JWTVerifyGetKey | undefined;
  let loadedAt = 0;
  const load = async () => {
    resolver = createLocalJWKSet(await publishedJwks(privateKeyFile));
    loadedAt = Date.now();
    return resolver;
  };
  return async (header, token) => {
    const current = resolver ?? (await load());
    try {
      return await current(header, token);
    } catch (err) {
      if (Date.now() - loadedAt < minReloadMs) throw err;
      return (await load())(header, token);
    }
  };
}
