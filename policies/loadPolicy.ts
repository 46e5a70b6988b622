import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Policy, Purpose, Role, RowAccess } from './Policy';
import { PolicyError } from './PolicyError';

export const DEFAULT_POLICY_FILE = path.join(__dirname, 'policy.yaml');

const ROW_ACCESS: readonly RowAccess[] = ['active-relation', 'self', 'none'];
const PURPOSE_KEYS = ['name', 'processingActivity', 'legalBasis', 'description', 'labels', 'access', 'auditRetentionDays'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads and checks the policy. Strict on purpose: a typo in a label or purpose name must
 * stop the gateway, never silently grant or withhold (deny by default, DEVELOPERS.md).
 */
export function loadPolicy(file: string = DEFAULT_POLICY_FILE): Policy {
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PolicyError(file, '(file)', err instanceof Error ? err.message : String(err));
  }
  return parsePolicy(raw, file);
}

export function parsePolicy(raw: unknown, file = '(policy)'): Policy {
  const fail = (at: string, reason: string): never => {
    throw new PolicyError(file, at, reason);
  };
  if (!isObject(raw)) fail('(root)', 'expected a mapping with version, labels, roles and purposes');
  const root = raw as Json;
  for (const key of Object.keys(root)) {
    if (!['version', 'labels', 'roles', 'purposes'].includes(key)) fail(key, 'unknown key');
  }
  if (typeof root.version !== 'string' || root.version === '') fail('version', 'must be a non-empty string');

  if (!isObject(root.labels)) fail('labels', 'expected a mapping of label to description');
  const labels = new Map<string, string>();
  for (const [label, description] of Object.entries(root.labels as Json)) {
    if (typeof description !== 'string') fail(`labels.${label}`, 'expected a description');
    labels.set(label, description as string);
  }

  const stringList = (at: string, value: unknown): string[] => {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(at, 'expected a list of names');
    return value as string[];
  };

  if (!isObject(root.purposes)) fail('purposes', 'expected a mapping of purpose id to its definition');
  const purposes = new Map<string, Purpose>();
  for (const [id, value] of Object.entries(root.purposes as Json)) {
    const at = `purposes.${id}`;
    if (!isObject(value)) fail(at, 'expected a mapping');
    const p = value as Json;
    for (const key of Object.keys(p)) if (!PURPOSE_KEYS.includes(key)) fail(`${at}.${key}`, 'unknown key');
    for (const key of ['name', 'processingActivity', 'legalBasis', 'description']) {
      if (typeof p[key] !== 'string' || p[key] === '') fail(`${at}.${key}`, 'must be a non-empty string');
    }
    const purposeLabels = stringList(`${at}.labels`, p.labels);
    for (const label of purposeLabels) if (!labels.has(label)) fail(`${at}.labels`, `unknown label "${label}"`);
    if (!ROW_ACCESS.includes(p.access as RowAccess)) fail(`${at}.access`, `must be one of ${ROW_ACCESS.join(', ')}`);
    if (!Number.isInteger(p.auditRetentionDays) || (p.auditRetentionDays as number) < 1) fail(`${at}.auditRetentionDays`, 'must be a whole number of days, at least 1');
    purposes.set(id, {
      id,
      name: p.name as string,
      processingActivity: p.processingActivity as string,
      legalBasis: p.legalBasis as string,
      description: p.description as string,
      labels: purposeLabels,
      access: p.access as RowAccess,
      auditRetentionDays: p.auditRetentionDays as number,
    });
  }

  if (!isObject(root.roles)) fail('roles', 'expected a mapping of role to its purposes');
  const roles = new Map<string, Role>();
  for (const [id, value] of Object.entries(root.roles as Json)) {
    const at = `roles.${id}`;
    if (!isObject(value)) fail(at, 'expected a mapping');
    const r = value as Json;
    for (const key of Object.keys(r)) if (!['description', 'purposes'].includes(key)) fail(`${at}.${key}`, 'unknown key');
    const rolePurposes = stringList(`${at}.purposes`, r.purposes);
    for (const purpose of rolePurposes) if (!purposes.has(purpose)) fail(`${at}.purposes`, `unknown purpose "${purpose}"`);
    roles.set(id, { id, description: typeof r.description === 'string' ? r.description : '', purposes: rolePurposes });
  }

  return { version: root.version as string, labels, roles, purposes };
}
