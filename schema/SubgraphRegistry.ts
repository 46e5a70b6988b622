import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { RegistryError } from './RegistryError';
import { PROJECT_ROOT } from '../platform/projectRoot';

export { PROJECT_ROOT };

/** The registry every tool reads unless `SUBGRAPH_REGISTRY` names another. */
export const REGISTRY_FILE = path.join(PROJECT_ROOT, 'schema', 'subgraphs.yaml');

/** Where the subgraph's SDL comes from (rover's `schema: { file | subgraph_url }`). */
export type SchemaSource = { kind: 'file'; file: string } | { kind: 'subgraph-url'; url: string };

/** One subgraph of the registry. */
export interface SubgraphEntry {
  name: string;
  /** Where the gateway sends this subgraph's part of a query. */
  routingUrl: string;
  schema: SchemaSource;
  /** The organisation that owns the subgraph and its data. */
  owner: string;
  /** Whom to call about it (an address, not a person's name). */
  contact: string;
  /**
   * The folder with the subgraph's own server (an `index` beside its schema file), when
   * this repository hosts it (`npm start`); absent for a subgraph that is only routed to.
   */
  localDir?: string;
}

export interface SubgraphRegistry {
  file: string;
  /** rover's `federation_version`, kept as written. */
  federationVersion?: string;
  subgraphs: SubgraphEntry[];
}

/** rover's subgraph names; also safe as a file name and an environment variable part. */
const NAME = /^[a-z][a-z0-9_-]{0,62}$/;
const ENTRY_KEYS = ['routing_url', 'schema', 'owner', 'contact'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The registry in force: `SUBGRAPH_REGISTRY`, else `schema/subgraphs.yaml`. */
export function registryFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.SUBGRAPH_REGISTRY ? path.resolve(env.SUBGRAPH_REGISTRY) : REGISTRY_FILE;
}

export function loadRegistry(file = registryFile()): SubgraphRegistry {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new RegistryError(file, '(file)', `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); restore it from version control or run npm run subgraph:rollback.`);
  }
  return parseRegistry(text, file);
}

/** Checks a registry strictly; every problem names where it is and what to do. */
export function parseRegistry(text: string, file: string): SubgraphRegistry {
  const fail = (at: string, reason: string): never => {
    throw new RegistryError(file, at, reason);
  };
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    return fail('(file)', `is not valid YAML (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); restore it from version control.`);
  }
  if (!isObject(raw) || !isObject(raw.subgraphs)) return fail('subgraphs', 'expected a mapping of subgraph name to { routing_url, schema, owner, contact }.');
  for (const key of Object.keys(raw)) if (!['federation_version', 'subgraphs'].includes(key)) fail(key, 'unknown key; the registry holds federation_version and subgraphs.');
  if (raw.federation_version !== undefined && typeof raw.federation_version !== 'string') fail('federation_version', 'must be text such as =2.5.0.');
  const dir = path.dirname(file);
  const subgraphs: SubgraphEntry[] = [];
  for (const [name, value] of Object.entries(raw.subgraphs)) {
    const at = `subgraphs.${name}`;
    if (!NAME.test(name)) fail(at, 'a subgraph name is lower-case letters, digits, - and _, starting with a letter.');
    if (!isObject(value)) return fail(at, 'expected { routing_url, schema, owner, contact }.');
    for (const key of Object.keys(value)) if (!ENTRY_KEYS.includes(key)) fail(`${at}.${key}`, `unknown key; an entry holds ${ENTRY_KEYS.join(', ')}.`);
    const routingUrl = httpUrl(value.routing_url, `${at}.routing_url`, fail);
    for (const key of ['owner', 'contact'] as const) {
      if (typeof value[key] !== 'string' || value[key].trim() === '') fail(`${at}.${key}`, `is required: ${key === 'owner' ? 'the organisation that owns this subgraph' : 'whom to call about it'}.`);
    }
    const schema = schemaSource(value.schema, `${at}.schema`, dir, fail);
    const localDir = schema.kind === 'file' ? hostedFolder(schema.file) : undefined;
    subgraphs.push({ name, routingUrl, schema, owner: value.owner as string, contact: value.contact as string, ...(localDir ? { localDir } : {}) });
  }
  if (subgraphs.length === 0) fail('subgraphs', 'lists no subgraph; the gateway needs at least one.');
  return { file, ...(typeof raw.federation_version === 'string' ? { federationVersion: raw.federation_version } : {}), subgraphs };
}

function httpUrl(value: unknown, at: string, fail: (at: string, reason: string) => never): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return fail(at, 'must be an http(s) URL such as http://127.0.0.1:4001/graphql.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(at, 'must be an http(s) URL.');
  return url.toString();
}

function schemaSource(value: unknown, at: string, dir: string, fail: (at: string, reason: string) => never): SchemaSource {
  if (!isObject(value)) return fail(at, 'expected { file: <path> } or { subgraph_url: <url> }.');
  const keys = Object.keys(value);
  if (keys.length !== 1 || !['file', 'subgraph_url'].includes(keys[0]!)) return fail(at, 'give exactly one of file or subgraph_url.');
  if (value.subgraph_url !== undefined) return { kind: 'subgraph-url', url: httpUrl(value.subgraph_url, `${at}.subgraph_url`, fail) };
  if (typeof value.file !== 'string' || value.file.trim() === '') return fail(`${at}.file`, 'must be a path to the schema file.');
  return { kind: 'file', file: path.resolve(dir, value.file) };
}

/** The schema file's folder when it holds the subgraph's own server entry (`index.ts`, or `index.js` once compiled). */
function hostedFolder(schemaFile: string): string | undefined {
  const dir = path.dirname(schemaFile);
  return ['index.ts', 'index.js'].some((entry) => fs.existsSync(path.join(dir, entry))) ? dir : undefined;
}

/** The subgraph named `name`, or a RegistryError listing the names there are. */
export function registryEntry(registry: SubgraphRegistry, name: string): SubgraphEntry {
  const entry = registry.subgraphs.find((s) => s.name === name);
  if (!entry) throw new RegistryError(registry.file, `subgraphs.${name}`, `no such subgraph; the registry lists ${registry.subgraphs.map((s) => s.name).join(', ')}.`);
  return entry;
}

/** The entries `npm start` runs itself. */
export function hostedSubgraphs(registry: SubgraphRegistry): Array<SubgraphEntry & { localDir: string }> {
  return registry.subgraphs.filter((s): s is SubgraphEntry & { localDir: string } => s.localDir !== undefined);
}

/** The port of a routing URL (its explicit port, else the scheme's). */
export function routingPort(entry: SubgraphEntry): number {
  const url = new URL(entry.routingUrl);
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}
