/**
 * Prints a development token for the gateway, and nothing else, so it can be captured:
 *
 *   TOKEN=$(npm run --silent token -- --sub u-regisseur-1 --role regisseur)
 *   curl -H "Authorization: Bearer $TOKEN" -H 'X-Purpose: regie' ...
 *
 * Exit codes: 0 printed a token; 1 refused (production, or the gateway trusts an identity
 * provider instead); 2 bad arguments (usage on stderr).
 */
import { parseArgs } from 'node:util';
import { AuthConfigError } from '../gateway/auth/AuthConfigError';
import { authConfigFromEnv } from '../gateway/auth/authConfig';
import { DevTokenRequestError } from '../gateway/auth/DevTokenRequestError';
import { DEFAULT_ORG_BY_ROLE, DEV_TOKEN_DEFAULT_TTL_SECONDS, signDevToken } from '../gateway/auth/signDevToken';

const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

const USAGE = `Usage: npm run --silent token -- --sub <id> --role <role> [--org <org>] [--name <name>] [--ttl <seconds>]

Prints a development JWT (HS256, ${DEV_TOKEN_DEFAULT_TTL_SECONDS} s unless --ttl) for
"Authorization: Bearer <JWT>". Refused when NODE_ENV=production.

Roles and their default --org:
${Object.entries(DEFAULT_ORG_BY_ROLE)
  .map(([role, org]) => `  ${role.padEnd(24)}${org}`)
  .join('\n')}

Example: npm run --silent token -- --sub u-regisseur-1 --role regisseur
`;

function usageError(problem: string): number {
  process.stderr.write(`${problem}\n\n${USAGE}`);
  return EXIT.usage;
}

async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        sub: { type: 'string' },
        role: { type: 'string' },
        org: { type: 'string' },
        name: { type: 'string' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return usageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (values.sub === undefined || values.role === undefined) return usageError('--sub and --role are required.');
  const ttlSeconds = values.ttl === undefined ? undefined : Number(values.ttl);

  if (process.env.NODE_ENV === 'production') {
    process.stderr.write('Refused: development tokens are never minted with NODE_ENV=production; get a token from the identity provider.\n');
    return EXIT.refused;
  }
  try {
    const token = await signDevToken({ sub: values.sub, role: values.role, org: values.org, name: values.name, ttlSeconds }, authConfigFromEnv(process.env));
    process.stdout.write(`${token}\n`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof DevTokenRequestError) return usageError(`--${err.field === 'ttlSeconds' ? 'ttl' : err.field} ${err.problem}`);
    if (err instanceof AuthConfigError) {
      process.stderr.write(`Refused: ${err.message}\n`);
      return EXIT.refused;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`token: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.refused;
  },
);
