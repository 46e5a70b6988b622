import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { loadOrCreateGatewayKeys, type GatewayKeys } from '../../platform/gatewayKeys';

/** Helpers for hand-crafting tokens that no honest signer would produce. */

export function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A fresh directory under the OS temp dir, removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The gateway's development keys and a second, untrusted set, each in a temporary
 * directory for the test file (created in beforeAll, removed in afterAll). Read them in
 * tests as `pair.keys` / `pair.otherKeys`.
 */
export function twoGatewayKeySets(prefix: string): { keys: GatewayKeys; otherKeys: GatewayKeys } {
  const tmp = tempDir(`${prefix}-`);
  const otherTmp = tempDir(`${prefix}-other-`);
  const pair = {} as { keys: GatewayKeys; otherKeys: GatewayKeys };
  beforeAll(async () => {
    [pair.keys, pair.otherKeys] = await Promise.all([loadOrCreateGatewayKeys(tmp.dir, { env: {} }), loadOrCreateGatewayKeys(otherTmp.dir, { env: {} })]);
  });
  afterAll(() => {
    tmp.cleanup();
    otherTmp.cleanup();
  });
  return pair;
}
