import fs from 'node:fs';
import { subgraphUrlVariable } from '../platform/subgraphUrlVariable';
import path from 'node:path';
import { SUPERGRAPH_FILE } from '../schema/supergraphFile';
import type { GatewayHooks, ReadinessCheck } from './GatewayHooks';
import { DEFAULT_POLICY_FILE } from '../policies/loadPolicy';
import type { AuthConfig } from './auth/authConfig';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './limits/QueryLimits';
import { appsOptionsFromEnv, defaultAppsOptions, type AppsOptions } from './apps/AppsOptions';
import { metricsOptionsFromEnv, type MetricsOptions } from '../platform/telemetry/MetricsOptions';
import { PROJECT_ROOT } from '../platform/projectRoot';
import { auditDatabaseUrlFromEnv } from '../audit/openAuditStore';

/** Everything the gateway can be told; `defaultGatewayOptions()` holds every default. */
export interface GatewayOptions {
  /** 0 picks a free port (tests). Env `PORT`. */
  port: number;
  /** Env `HOST`; use 0.0.0.0 inside a container. */
  host: string;
  /** The composed supergraph (`npm run compose`), watched for new versions. Env `SUPERGRAPH_PATH`. */
  supergraphPath: string;
  /**
   * Read the supergraph from this URL instead of the file, and poll it (a registry or CDN
   * serving the composed supergraph, as Apollo Uplink and the Hive CDN do). Env `SUPERGRAPH_URL`.
   */
  supergraphUrl?: string;
  /** How often to look for a newly published supergraph. Env `SUPERGRAPH_POLL_MS`. */
  supergraphPollMs: number;
  /**
   * Where a subgraph answers, when not at the routing URL composed into the supergraph
   * (from the registry), by subgraph name. Env `SUBGRAPH_<NAME>_URL`.
   */
  subgraphUrls: Record<string, string>;
  /** How long one subgraph request may take before its agency counts as unavailable. Env `SUBGRAPH_TIMEOUT_MS`. */
  subgraphTimeoutMs: number;
  /** Schema introspection for tooling. Env `GATEWAY_INTROSPECTION=true|false`. */
  introspection: boolean;
  /** "Did you mean …?" in validation errors; it tells an outsider the schema. Off in production. */
  schemaSuggestions: boolean;
  /**
   * Adds `extensions.sqlStatements` and `extensions.subgraphRequests` to every response
   * (tests and benchmarks check the cost of a view). Env `GATEWAY_REPORT_COSTS=true|false`.
   */
  reportCosts: boolean;
  /** Extra conditions for `GET /ready` (e.g. the audit store is writable). */
  readinessChecks: ReadinessCheck[];
  /** Abuse limits (gateway/limits/QueryLimits.ts); config file key `limits`. */
  limits: QueryLimits;
  /** Several operations in one HTTP request (a JSON array). Off: each request is one audited operation. Env `GATEWAY_ALLOW_BATCHING`. */
  allowBatching: boolean;
  /**
   * How long one need-to-know look-up in the referral index serves the same professional
   * (0: every request asks). Env `RELATION_CACHE_MS`.
   */
  relationCacheMs: number;
  /**
   * When the policy names a `needToKnow.versionRoute`: how often the gateway asks the
   * referral index for its data version (0: never), and how long a look-up serves while
   * that version stays the same. Env `RELATION_VERSION_POLL_MS`, `RELATION_CACHE_MAX_MS`.
   */
  relationVersionPollMs: number;
  relationCacheMaxMs: number;
  /** On shutdown, how long requests in flight may take before their sockets are cut. Env `SHUTDOWN_GRACE_MS`. */
  shutdownGraceMs: number;
  /** Extra hooks, run after the policy layer (e.g. the audit log). */
  hooks: GatewayHooks[];
  /** Where the gateway's signing keys live in development (`<dataDir>/keys`). Env `DATA_DIR`. */
  dataDir: string;
  /** The audit store's SQLite file; default `<dataDir>/audit.sqlite`. Env `AUDIT_FILE`. */
  auditFile?: string;
  /**
   * The shared PostgreSQL audit store (audit/postgres/README.md); unset: the SQLite file.
   * Env `AUDIT_DATABASE_URL`.
   */
  auditDatabaseUrl?: string;
  /**
   * How long a request's audit record may wait to be durable (SQLite: another connection's
   * write lock; PostgreSQL: the commit) before the request fails closed with
   * `AUDIT_UNAVAILABLE`. Env `AUDIT_COMMIT_TIMEOUT_MS`; default 2000.
   */
  auditCommitTimeoutMs?: number;
  /** The access policy (policies/policy.yaml). Env `POLICY_FILE`. */
  policyFile: string;
  /**
   * Rules files for fields the gateway computes, compiled with the policy; default: those
   * the policy names (`computedFields`, relative to the policy file). Env
   * `COMPUTED_FIELD_RULES` (comma-separated paths).
   */
  computedFieldRules?: string[];
  /** The clock break-glass accesses run on (ms since the epoch); code only, for tests. Default `Date.now`. */
  clock?: () => number;
  /**
   * How callers' JWTs are checked; default from the environment (`authConfigFromEnv`:
   * NODE_ENV, JWT_ISSUER, JWT_JWKS_URL, JWT_PUBLIC_KEY_FILE, …). Code only.
   */
  auth?: AuthConfig;
  /**
   * Runs WITHOUT the policy layer: every caller sees everything. Only for tests of the
   * transport with stand-in subgraphs; not settable from the environment or config file.
   */
  openAccess: boolean;
  /** The apps for people served at `/` and their sign-in (apps/AppsOptions.ts). */
  apps: AppsOptions;
  /** Where `GET /metrics` is served: the public port in development, else only `METRICS_PORT` (platform/telemetry/MetricsOptions.ts). */
  metrics: MetricsOptions;
}

/** Options given in code: anything left out takes its default. */
export type GatewayOverrides = Partial<Omit<GatewayOptions, 'subgraphUrls' | 'limits' | 'apps'>> & {
  subgraphUrls?: Record<string, string>;
  limits?: Partial<QueryLimits>;
  apps?: Partial<AppsOptions>;
};

/** A setting the gateway cannot use; the message names the setting and what is expected. */
export class GatewayConfigError extends Error {
  override readonly name = 'GatewayConfigError';
}

export function defaultGatewayOptions(): GatewayOptions {
  const development = process.env.NODE_ENV !== 'production';
  return {
    port: 4000,
    host: '127.0.0.1',
    supergraphPath: SUPERGRAPH_FILE,
    supergraphPollMs: 2000,
    subgraphUrls: {},
    subgraphTimeoutMs: 3000,
    introspection: development,
    schemaSuggestions: development,
    reportCosts: development,
    readinessChecks: [],
    hooks: [],
    dataDir: path.join(PROJECT_ROOT, 'data'),
    policyFile: DEFAULT_POLICY_FILE,
    openAccess: false,
    limits: { ...DEFAULT_QUERY_LIMITS },
    allowBatching: false,
    shutdownGraceMs: 10_000,
    relationCacheMs: 2000,
    relationVersionPollMs: 200,
    relationCacheMaxMs: 300_000,
    apps: defaultAppsOptions(),
    metrics: { onPublicPort: development, host: '127.0.0.1' },
  };
}

export function resolveGatewayOptions(overrides: GatewayOverrides = {}): GatewayOptions {
  const defaults = defaultGatewayOptions();
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return {
    ...defaults,
    ...defined,
    subgraphUrls: { ...defaults.subgraphUrls, ...overrides.subgraphUrls },
    limits: { ...defaults.limits, ...overrides.limits },
    apps: { ...defaults.apps, ...overrides.apps },
  };
}

function parsePort(value: string, setting: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new GatewayConfigError(`${setting} must be a port number (0-65535), not "${value}".`);
  return port;
}

function parsePositiveInteger(value: string, setting: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new GatewayConfigError(`${setting} must be a positive whole number, not "${value}".`);
  return number;
}

function parseNonNegativeInteger(value: string, setting: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new GatewayConfigError(`${setting} must be a whole number, 0 or more, not "${value}".`);
  return number;
}

function parseBoolean(value: string, setting: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new GatewayConfigError(`${setting} must be true or false, not "${value}".`);
}

function parseUrl(value: string, setting: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {
    // fall through to the error below
  }
  throw new GatewayConfigError(`${setting} must be an http(s) URL, not "${value}".`);
}

/** Reads the optional JSON file named by GATEWAY_CONFIG (same keys as `GatewayOptions`). */
function readConfigFile(file: string): GatewayOverrides {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new GatewayConfigError(`GATEWAY_CONFIG ${file} cannot be read as JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new GatewayConfigError(`GATEWAY_CONFIG ${file} must hold a JSON object.`);
  const overrides: GatewayOverrides = {};
  for (const [key, value] of Object.entries(raw)) {
    const setting = `${file}: "${key}"`;
    switch (key) {
      case 'port':
        overrides.port = parsePort(String(value), setting);
        break;
      case 'host':
        overrides.host = String(value);
        break;
      case 'supergraphPath':
        overrides.supergraphPath = path.resolve(path.dirname(file), String(value));
        break;
      case 'subgraphTimeoutMs':
        overrides.subgraphTimeoutMs = parsePositiveInteger(String(value), setting);
        break;
      case 'limits': {
        if (typeof value !== 'object' || value === null) throw new GatewayConfigError(`${setting} must map limit names to numbers.`);
        const limits: Partial<QueryLimits> = {};
        for (const [name, limit] of Object.entries(value)) {
          if (!(name in DEFAULT_QUERY_LIMITS)) throw new GatewayConfigError(`${setting} names "${name}", which is not a limit (${Object.keys(DEFAULT_QUERY_LIMITS).join(', ')}).`);
          limits[name as keyof QueryLimits] = parsePositiveInteger(String(limit), `${setting}.${name}`);
        }
        overrides.limits = limits;
        break;
      }
      case 'allowBatching':
      case 'introspection':
      case 'reportCosts':
        overrides[key] = parseBoolean(String(value), setting);
        break;
      case 'subgraphUrls': {
        if (typeof value !== 'object' || value === null) throw new GatewayConfigError(`${setting} must map subgraph names to URLs.`);
        overrides.subgraphUrls = {};
        for (const [name, url] of Object.entries(value)) {
          if (!SUBGRAPH_NAME.test(name)) throw new GatewayConfigError(`${setting} names "${name}", which is not a subgraph name (lower-case letters, digits, - and _).`);
          overrides.subgraphUrls[name] = parseUrl(String(url), `${setting}.${name}`);
        }
        break;
      }
      default:
        throw new GatewayConfigError(`${setting} is not a gateway setting.`);
    }
  }
  return overrides;
}

/**
 * The gateway's settings from the environment: GATEWAY_CONFIG (a JSON file) first, then
 * the individual variables on top. Only `gateway/main.ts` reads the environment; code
 * and tests pass options to `startGateway` directly.
 */
export function gatewayOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayOverrides {
  const overrides: GatewayOverrides = env.GATEWAY_CONFIG ? readConfigFile(path.resolve(env.GATEWAY_CONFIG)) : {};
  if (env.PORT) overrides.port = parsePort(env.PORT, 'PORT');
  if (env.HOST) overrides.host = env.HOST;
  if (env.DATA_DIR) overrides.dataDir = path.resolve(env.DATA_DIR);
  if (env.AUDIT_FILE) overrides.auditFile = path.resolve(env.AUDIT_FILE);
  const auditDatabaseUrl = auditDatabaseUrlFromEnv(env);
  if (auditDatabaseUrl !== undefined) overrides.auditDatabaseUrl = auditDatabaseUrl;
  if (env.AUDIT_COMMIT_TIMEOUT_MS) overrides.auditCommitTimeoutMs = parsePositiveInteger(env.AUDIT_COMMIT_TIMEOUT_MS, 'AUDIT_COMMIT_TIMEOUT_MS');
  if (env.POLICY_FILE) overrides.policyFile = path.resolve(env.POLICY_FILE);
  if (env.COMPUTED_FIELD_RULES) overrides.computedFieldRules = env.COMPUTED_FIELD_RULES.split(',').filter((f) => f.trim() !== '').map((f) => path.resolve(f.trim()));
  if (env.SUPERGRAPH_PATH) overrides.supergraphPath = path.resolve(env.SUPERGRAPH_PATH);
  if (env.SUPERGRAPH_URL) overrides.supergraphUrl = parseUrl(env.SUPERGRAPH_URL, 'SUPERGRAPH_URL');
  if (env.SUPERGRAPH_POLL_MS) overrides.supergraphPollMs = parsePositiveInteger(env.SUPERGRAPH_POLL_MS, 'SUPERGRAPH_POLL_MS');
  if (env.SUBGRAPH_TIMEOUT_MS) overrides.subgraphTimeoutMs = parsePositiveInteger(env.SUBGRAPH_TIMEOUT_MS, 'SUBGRAPH_TIMEOUT_MS');
  if (env.GATEWAY_INTROSPECTION) overrides.introspection = parseBoolean(env.GATEWAY_INTROSPECTION, 'GATEWAY_INTROSPECTION');
  if (env.RELATION_CACHE_MS) overrides.relationCacheMs = parseNonNegativeInteger(env.RELATION_CACHE_MS, 'RELATION_CACHE_MS');
  if (env.RELATION_VERSION_POLL_MS) overrides.relationVersionPollMs = parseNonNegativeInteger(env.RELATION_VERSION_POLL_MS, 'RELATION_VERSION_POLL_MS');
  if (env.RELATION_CACHE_MAX_MS) overrides.relationCacheMaxMs = parseNonNegativeInteger(env.RELATION_CACHE_MAX_MS, 'RELATION_CACHE_MAX_MS');
  if (env.SHUTDOWN_GRACE_MS) overrides.shutdownGraceMs = parsePositiveInteger(env.SHUTDOWN_GRACE_MS, 'SHUTDOWN_GRACE_MS');
  if (env.GATEWAY_ALLOW_BATCHING) overrides.allowBatching = parseBoolean(env.GATEWAY_ALLOW_BATCHING, 'GATEWAY_ALLOW_BATCHING');
  if (env.GATEWAY_REPORT_COSTS) overrides.reportCosts = parseBoolean(env.GATEWAY_REPORT_COSTS, 'GATEWAY_REPORT_COSTS');
  if (env.METRICS_PORT || env.METRICS_HOST) overrides.metrics = metricsOptionsFromEnv(env);
  const apps = appsOptionsFromEnv(env);
  if (Object.keys(apps).length > 0) overrides.apps = apps;
  // Any SUBGRAPH_<NAME>_URL: the gateway knows no subgraph names; the supergraph lists them.
  for (const [variable, value] of Object.entries(env)) {
    const name = SUBGRAPH_URL_VARIABLE.exec(variable)?.[1];
    if (name && value) overrides.subgraphUrls = { ...overrides.subgraphUrls, [name.toLowerCase()]: parseUrl(value, variable) };
  }
  return overrides;
}

const SUBGRAPH_NAME = /^[a-z][a-z0-9_-]*$/;
const SUBGRAPH_URL_VARIABLE = /^SUBGRAPH_([A-Z0-9_]+)_URL$/;

export { subgraphUrlVariable };

/** Where the gateway sends `name`'s part: a configured URL, else `composedUrl` (the registry's routing URL). */
export function subgraphUrlFor(options: Pick<GatewayOptions, 'subgraphUrls'>, name: string, composedUrl: string | undefined): string | undefined {
  return options.subgraphUrls[name] ?? options.subgraphUrls[name.replace(/-/g, '_')] ?? composedUrl;
}
