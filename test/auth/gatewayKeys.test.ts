import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { createCallerTokenSigner, createCallerTokenVerifier, signCallerToken } from '../../platform/callerToken';
import { GatewayKeyError } from '../../platform/GatewayKeyError';
import { gatewayKeyFiles, loadGatewayPublicKey, loadOrCreateGatewayKeys } from '../../platform/gatewayKeys';
import { tempDir } from './tokenParts';

const dev = { env: {} };
const caller = { sub: 'u-vt-1', org: 'veiligthuis', role: 'veiligthuis-medewerker', purpose: 'veiligheid', agency: 'veiligthuis', requestId: 'r' };
const dirs: Array<() => void> = [];
function fresh(): string {
  const { dir, cleanup } = tempDir('gateway-keys-');
  dirs.push(cleanup);
  return dir;
}
afterAll(() => dirs.forEach((cleanup) => cleanup()));

function keyError(promise: Promise<unknown>): Promise<GatewayKeyError> {
  return promise.then(
    () => {
      throw new Error('expected a GatewayKeyError');
    },
    (err: unknown) => {
      if (err instanceof GatewayKeyError) return err;
      throw err;
    },
  );
}

describe('development keys', () => {
  test('generated once into <dataDir>/keys (private 0600), then reused', async () => {
    const dataDir = fresh();
    const files = gatewayKeyFiles(dataDir);
    expect(files.privateKeyFile).toBe(path.join(dataDir, 'keys', 'gateway-signing.pem'));
    expect(files.publicKeyFile).toBe(path.join(dataDir, 'keys', 'gateway-signing.pub.pem'));

    const first = await loadOrCreateGatewayKeys(dataDir, dev);
    expect(first.source).toBe('generated');
    expect(fs.statSync(files.privateKeyFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(files.publicKeyFile, 'utf8')).toBe(first.publicKeyPem);
    const privatePem = fs.readFileSync(files.privateKeyFile, 'utf8');

    const second = await loadOrCreateGatewayKeys(dataDir, dev);
    expect(second.source).toBe('reused');
    expect(second.kid).toBe(first.kid);
    expect(fs.readFileSync(files.privateKeyFile, 'utf8')).toBe(privatePem);
    // A token signed before a restart still verifies after it.
    const token = await signCallerToken(caller, createCallerTokenSigner(first));
    await expect(createCallerTokenVerifier(second.publicKey, 'veiligthuis')(token)).resolves.toMatchObject({ sub: 'u-vt-1' });
  });

  test('gateway and subgraphs starting together end up with one key', async () => {
    const dataDir = fresh();
    const results = await Promise.all([loadOrCreateGatewayKeys(dataDir, dev), loadGatewayPublicKey(dataDir, dev), loadOrCreateGatewayKeys(dataDir, dev)]);
    expect(new Set(results.map((keys) => keys.kid)).size).toBe(1);
    expect(fs.readdirSync(path.join(dataDir, 'keys')).sort()).toEqual(['gateway-signing.pem', 'gateway-signing.pub.pem']);
  });

  test('a private key file left readable by others is tightened to 0600', async () => {
    const dataDir = fresh();
    await loadOrCreateGatewayKeys(dataDir, dev);
    const { privateKeyFile, publicKeyFile } = gatewayKeyFiles(dataDir);
    fs.chmodSync(privateKeyFile, 0o644);
    fs.rmSync(publicKeyFile);
    await loadOrCreateGatewayKeys(dataDir, dev);
    expect(fs.statSync(privateKeyFile).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(publicKeyFile)).toBe(true);
  });
});

describe('production keys', () => {
  const production = (extra: Record<string, string> = {}) => ({ env: { NODE_ENV: 'production', ...extra } });

  test('the gateway refuses to start without GATEWAY_SIGNING_KEY_FILE, and generates nothing', async () => {
    const dataDir = fresh();
    const error = await keyError(loadOrCreateGatewayKeys(dataDir, production()));
    expect(error.setting).toBe('GATEWAY_SIGNING_KEY_FILE');
    expect(error.fix).toMatch(/GATEWAY_PUBLIC_KEY_FILE/);
    expect(fs.existsSync(path.join(dataDir, 'keys'))).toBe(false);
  });

  test('a subgraph refuses to start without GATEWAY_PUBLIC_KEY_FILE', async () => {
    expect((await keyError(loadGatewayPublicKey(fresh(), production()))).setting).toBe('GATEWAY_PUBLIC_KEY_FILE');
  });

  test('keys from the env files work together (SEC1 or PKCS#8 private key)', async () => {
    const dir = fresh();
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const privateFile = path.join(dir, 'signing.pem');
    const publicFile = path.join(dir, 'signing.pub.pem');
    fs.writeFileSync(privateFile, pair.privateKey.export({ type: 'sec1', format: 'pem' }), { mode: 0o600 });
    fs.writeFileSync(publicFile, pair.publicKey.export({ type: 'spki', format: 'pem' }));

    const gateway = await loadOrCreateGatewayKeys(fresh(), production({ GATEWAY_SIGNING_KEY_FILE: privateFile }));
    const subgraph = await loadGatewayPublicKey(fresh(), production({ GATEWAY_PUBLIC_KEY_FILE: publicFile }));
    expect(gateway.source).toBe('env');
    expect(subgraph.kid).toBe(gateway.kid);
    const token = await signCallerToken(caller, createCallerTokenSigner(gateway));
    await expect(createCallerTokenVerifier(subgraph.publicKey, 'veiligthuis')(token)).resolves.toMatchObject({ purpose: 'veiligheid' });
  });

  test('refuses another curve, and a private key handed to a subgraph', async () => {
    const dir = fresh();
    const p384 = path.join(dir, 'p384.pem');
    fs.writeFileSync(p384, generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect((await keyError(loadOrCreateGatewayKeys(dir, production({ GATEWAY_SIGNING_KEY_FILE: p384 })))).problem).toMatch(/not EC P-256/);
    const privateAsPublic = path.join(dir, 'private.pem');
    fs.writeFileSync(privateAsPublic, generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect((await keyError(loadGatewayPublicKey(dir, production({ GATEWAY_PUBLIC_KEY_FILE: privateAsPublic })))).problem).toMatch(/SPKI/);
  });
});
