import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, importPKCS8, importSPKI, type CryptoKey } from 'jose';
import { GatewayKeyError } from './GatewayKeyError';

/** The gateway signs caller tokens with ECDSA P-256 (RFC 7518 §3.4): small, fast, asymmetric, so subgraphs hold no secret. */
export const GATEWAY_KEY_ALGORITHM = 'ES256';
/** Env: the gateway's private key (PKCS#8 or SEC1 PEM, EC P-256). Required in production. */
export const SIGNING_KEY_VARIABLE = 'GATEWAY_SIGNING_KEY_FILE';
/** Env: a subgraph's copy of the gateway's public key (SPKI PEM). Required in production. */
export const PUBLIC_KEY_VARIABLE = 'GATEWAY_PUBLIC_KEY_FILE';

/** The gateway's signing key, imported once (signing runs per subgraph fetch). */
export interface GatewayKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** RFC 7638 thumbprint of the public key, sent as `kid` so a rotated key can be told apart. */
  kid: string;
  /** The public half as SPKI PEM, to hand to subgraphs. */
  publicKeyPem: string;
  /** `generated` (development, first start), `reused` (development, later starts) or `env`. */
  source: 'generated' | 'reused' | 'env';
  privateKeyFile: string;
}

/** What a subgraph needs to check caller tokens. */
export interface GatewayPublicKey {
  publicKey: CryptoKey;
  kid: string;
  file: string;
}

export interface GatewayKeyOptions {
  /** Defaults to `process.env`; NODE_ENV=production forbids generating keys. */
  env?: NodeJS.ProcessEnv;
}

/** `<dataDir>/keys/gateway-signing.pem` (mode 0600) and `gateway-signing.pub.pem`. */
export function gatewayKeyFiles(dataDir: string): { dir: string; privateKeyFile: string; publicKeyFile: string } {
  const dir = path.join(dataDir, 'keys');
  return { dir, privateKeyFile: path.join(dir, 'gateway-signing.pem'), publicKeyFile: path.join(dir, 'gateway-signing.pub.pem') };
}

const PRODUCTION_FIX =
  `Generate an EC P-256 key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out gateway-signing.pem), ` +
  `set ${SIGNING_KEY_VARIABLE} to it for the gateway, and give every subgraph its public half ` +
  `(openssl pkey -in gateway-signing.pem -pubout -out gateway-signing.pub.pem) as ${PUBLIC_KEY_VARIABLE}.`;

function isProduction(options: GatewayKeyOptions): boolean {
  return (options.env ?? process.env).NODE_ENV === 'production';
}

/** Not `instanceof Error`: errors from node:fs may come from another realm (e.g. under Jest). */
function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function readPem(file: string, setting: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new GatewayKeyError(setting, `cannot read ${file} (${errorCode(err) ?? 'unreadable'}).`, 'Point it at a readable PEM file.');
  }
}

/** Refuses anything but an EC P-256 key, the only kind ES256 uses. */
function requireP256(key: KeyObject, file: string, setting: string): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new GatewayKeyError(setting, `${file} holds a ${key.asymmetricKeyType ?? 'unknown'} key, not EC P-256.`, PRODUCTION_FIX);
  }
}

function parsePrivateKey(pem: string, file: string, setting: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new GatewayKeyError(setting, `${file} does not hold a PEM private key.`, PRODUCTION_FIX);
  }
  requireP256(key, file, setting);
  return key;
}

function spkiPem(key: KeyObject): string {
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

async function importKeys(privateKey: KeyObject, source: GatewayKeys['source'], privateKeyFile: string): Promise<GatewayKeys> {
  const publicKeyPem = spkiPem(privateKey);
  return {
    // Non-extractable: nothing in the process can read the private key back out.
    privateKey: await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), GATEWAY_KEY_ALGORITHM),
    publicKey: await importSPKI(publicKeyPem, GATEWAY_KEY_ALGORITHM),
    kid: await calculateJwkThumbprint(createPublicKey(privateKey)),
    publicKeyPem,
    source,
    privateKeyFile,
  };
}

/**
 * Writes `pem` to `file` only if no file is there yet, atomically: written to a temp file
 * and hard-linked into place, so a gateway and a subgraph starting together never read a
 * half-written key, and exactly one generated key wins. Returns whether this call created it.
 */
function createOnce(file: string, pem: string): boolean {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temp, pem, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return false;
    // Filesystems without hard links: exclusive create is still safe, if not atomic.
    try {
      fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
      return true;
    } catch (retry) {
      if (errorCode(retry) === 'EEXIST') return false;
      throw retry;
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** Keeps the public-key file in step with the private key (it is derived, so rewritten if it differs). */
function writePublicKeyFile(file: string, pem: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === pem) return;
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temp, pem, { mode: 0o644 });
  fs.renameSync(temp, file);
}

/**
 * The gateway's signing keys. With `GATEWAY_SIGNING_KEY_FILE` set, that key. Otherwise, in
 * development, `<dataDir>/keys/gateway-signing.pem`: generated on first start and reused
 * afterwards. In production without `GATEWAY_SIGNING_KEY_FILE`: refuses (a key generated
 * on one host would not be trusted by subgraphs on another, nor survive a redeploy).
 */
export async function loadOrCreateGatewayKeys(dataDir: string, options: GatewayKeyOptions = {}): Promise<GatewayKeys> {
  const configured = (options.env ?? process.env)[SIGNING_KEY_VARIABLE];
  if (configured) {
    const file = path.resolve(configured);
    return importKeys(parsePrivateKey(readPem(file, SIGNING_KEY_VARIABLE), file, SIGNING_KEY_VARIABLE), 'env', file);
  }
  if (isProduction(options)) {
    throw new GatewayKeyError(SIGNING_KEY_VARIABLE, 'is not set while NODE_ENV=production; the gateway does not generate signing keys in production.', PRODUCTION_FIX);
  }

  const { dir, privateKeyFile, publicKeyFile } = gatewayKeyFiles(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let created = false;
  if (!fs.existsSync(privateKeyFile)) {
    const generated = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    created = createOnce(privateKeyFile, generated.export({ type: 'pkcs8', format: 'pem' }).toString());
  }
  // Whoever won the race, the file now holds the one key everybody uses.
  const key = parsePrivateKey(readPem(privateKeyFile, privateKeyFile), privateKeyFile, privateKeyFile);
  if ((fs.statSync(privateKeyFile).mode & 0o077) !== 0) fs.chmodSync(privateKeyFile, 0o600);
  const keys = await importKeys(key, created ? 'generated' : 'reused', privateKeyFile);
  writePublicKeyFile(publicKeyFile, keys.publicKeyPem);
  return keys;
}

/**
 * What a subgraph checks caller tokens with. With `GATEWAY_PUBLIC_KEY_FILE` set, that key.
 * Otherwise, in development, the public half of the shared development key (created if the
 * subgraph starts before the gateway). In production without it: refuses.
 */
export async function loadGatewayPublicKey(dataDir: string, options: GatewayKeyOptions = {}): Promise<GatewayPublicKey> {
  const configured = (options.env ?? process.env)[PUBLIC_KEY_VARIABLE];
  if (configured) {
    const file = path.resolve(configured);
    const pem = readPem(file, PUBLIC_KEY_VARIABLE);
    // A subgraph must never hold the private half.
    if (!pem.includes('-----BEGIN PUBLIC KEY-----')) {
      throw new GatewayKeyError(PUBLIC_KEY_VARIABLE, `${file} is not a "BEGIN PUBLIC KEY" (SPKI) PEM.`, PRODUCTION_FIX);
    }
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new GatewayKeyError(PUBLIC_KEY_VARIABLE, `${file} does not hold a valid public key.`, PRODUCTION_FIX);
    }
    requireP256(key, file, PUBLIC_KEY_VARIABLE);
    return { publicKey: await importSPKI(pem, GATEWAY_KEY_ALGORITHM), kid: await calculateJwkThumbprint(key), file };
  }
  if (isProduction(options)) {
    throw new GatewayKeyError(PUBLIC_KEY_VARIABLE, 'is not set while NODE_ENV=production; the subgraph cannot tell the gateway\'s tokens from forgeries.', PRODUCTION_FIX);
  }
  const keys = await loadOrCreateGatewayKeys(dataDir, options);
  return { publicKey: keys.publicKey, kid: keys.kid, file: gatewayKeyFiles(dataDir).publicKeyFile };
}
