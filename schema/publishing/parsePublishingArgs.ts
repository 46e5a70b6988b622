import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { SubgraphChange } from './SubgraphChange';

export type PublishingCommand = 'check' | 'publish' | 'retire' | 'rollback';

export const PUBLISHING_COMMANDS: readonly PublishingCommand[] = ['check', 'publish', 'retire', 'rollback'];

/** Bad arguments: the CLI prints the message and the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface PublishingArgs {
  command: PublishingCommand;
  /** Absent only for rollback. */
  change: SubgraphChange | null;
  json: boolean;
  /** How long to wait for another publish holding the registry. */
  waitMs: number;
}

export const USAGE = `Usage:
  npm run subgraph:check    -- --name N --schema FILE [--url URL] [--owner ORG --contact ADDRESS] [--allow-breaking] [--json]
  npm run subgraph:publish  -- --name N --schema FILE [--url URL] [--owner ORG --contact ADDRESS] [--allow-breaking] [--wait SECONDS] [--json]
  npm run subgraph:retire   -- --name N [--allow-breaking] [--wait SECONDS] [--json]
  npm run subgraph:rollback -- [--wait SECONDS] [--json]

A new subgraph needs --url, --owner and --contact. Settings: SUBGRAPH_REGISTRY (default
schema/subgraphs.yaml), SUPERGRAPH_PATH (default schema/supergraph.graphql), POLICY_FILE.
Exit codes: 0 may be / was published; 1 refused (the report says why); 2 bad arguments.
`;

// rover's subgraph names: also safe as a file name and an environment variable part.
const NAME = /^[a-z][a-z0-9_-]{0,62}$/;

function httpUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be an http(s) URL such as http://127.0.0.1:4010/graphql, not "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} must be an http(s) URL`);
  return url.toString();
}

/** Reads the command line strictly: an unknown flag or a missing value is a UsageError. */
export function parsePublishingArgs(command: string | undefined, args: string[]): PublishingArgs {
  if (!PUBLISHING_COMMANDS.includes(command as PublishingCommand)) throw new UsageError(`unknown command "${command ?? ''}"; use ${PUBLISHING_COMMANDS.join(', ')}`);
  const cmd = command as PublishingCommand;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        name: { type: 'string' },
        schema: { type: 'string' },
        url: { type: 'string' },
        owner: { type: 'string' },
        contact: { type: 'string' },
        'allow-breaking': { type: 'boolean' },
        wait: { type: 'string' },
        json: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const allowed: Record<PublishingCommand, string[]> = {
    check: ['name', 'schema', 'url', 'owner', 'contact', 'allow-breaking', 'json'],
    publish: ['name', 'schema', 'url', 'owner', 'contact', 'allow-breaking', 'wait', 'json'],
    retire: ['name', 'allow-breaking', 'wait', 'json'],
    rollback: ['wait', 'json'],
  };
  for (const flag of Object.keys(values)) if (!allowed[cmd].includes(flag)) throw new UsageError(`--${flag} is not an option of subgraph:${cmd}`);
  const wait = values.wait === undefined ? 30 : Number(values.wait);
  if (!Number.isFinite(wait) || wait < 0) throw new UsageError('--wait must be a number of seconds');
  const common = { command: cmd, json: values.json === true, waitMs: wait * 1000 };
  if (cmd === 'rollback') return { ...common, change: null };

  const name = values.name;
  if (typeof name !== 'string') throw new UsageError('--name is required: the subgraph\'s name in the registry');
  if (!NAME.test(name)) throw new UsageError(`--name "${name}" is not a subgraph name: lower-case letters, digits, - and _, starting with a letter`);
  const allowBreaking = values['allow-breaking'] === true;
  if (cmd === 'retire') return { ...common, change: { kind: 'retire', name, allowBreaking } };

  if (typeof values.schema !== 'string') throw new UsageError('--schema is required: the file with the proposed schema (SDL)');
  const schemaFile = path.resolve(values.schema);
  let sdl: string;
  try {
    sdl = fs.readFileSync(schemaFile, 'utf8');
  } catch (err) {
    throw new UsageError(`--schema ${values.schema} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const text = (flag: 'owner' | 'contact'): string | undefined => {
    const value = values[flag];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${flag} must not be empty`);
    return value.trim();
  };
  const owner = text('owner');
  const contact = text('contact');
  return {
    ...common,
    change: {
      kind: 'publish',
      name,
      sdl,
      schemaFile,
      ...(typeof values.url === 'string' ? { routingUrl: httpUrl(values.url, '--url') } : {}),
      ...(owner ? { owner } : {}),
      ...(contact ? { contact } : {}),
      allowBreaking,
    },
  };
}
