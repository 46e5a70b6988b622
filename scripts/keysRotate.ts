/**
 * npm run keys:rotate [-- --data-dir <dir>]
 *
 * Puts a new gateway signing key in place (GATEWAY_SIGNING_KEY_FILE, or the development
 * key in <DATA_DIR>/keys). A running gateway signs with it within a second; the old key's
 * public half stays in the published JWKS (GET /.well-known/jwks.json) until every token
 * it signed has expired, so subgraphs accept both across the rotation.
 *
 * Exit codes: 0 rotated; 1 the key could not be rotated; 2 bad arguments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../audit/auditFile';
import { RETIRED_KEY_PUBLISHED_MS, rotateSigningKey, signingKeyFile } from '../platform/gatewayJwks';
import { loadOrCreateGatewayKeys } from '../platform/gatewayKeys';

const USAGE = `Usage: npm run keys:rotate [-- --data-dir <dir>]

Replaces the gateway's token-signing key; the old one stays published for ${RETIRED_KEY_PUBLISHED_MS / 60_000} minutes.
`;

async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, allowPositionals: false, options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
  const file = signingKeyFile(dataDir);
  try {
    // Development: a first rotation before the gateway ever ran still has a key to retire.
    if (!fs.existsSync(file)) await loadOrCreateGatewayKeys(dataDir);
    const { retiredKid, newKid } = await rotateSigningKey(file);
    process.stdout.write(`signing key rotated: ${retiredKid} -> ${newKid}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`keys:rotate: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
