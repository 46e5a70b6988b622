import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { DataSubject, NeedToKnowSource, Policy, Purpose, Role, RowAccess, Write } from './Policy';
import { PolicyError } from './PolicyError';
import { PROJECT_ROOT } from '../platform/projectRoot';

export const DEFAULT_POLICY_FILE = path.join(PROJECT_ROOT, 'policies', 'policy.yaml');

const ROW_ACCESS: readonly RowAccess[] = ['active-relation', 'self', 'none'];
const PURPOSE_KEYS = ['name', 'processingActivity', 'legalBasis', 'description', 'labels', 'access', 'selfSubject', 'schemaIntrospection', 'auditRetentionDays', 'breakGlass', 'dataRetentionDays'];
const ROOT_KEYS = ['version', 'labels', 'specialCategories', 'roles', 'purposes', 'dataSubjects', 'subjectArguments', 'needToKnow', 'writes', 'computedFields'];
const SUBJECT_KEYS = ['idPattern', 'openedBy', 'members'];
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const COORDINATE = /^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/;
const ARGUMENT_PATH = /^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*){2,}$/;

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
  if (!isObject(raw)) fail('(root)', `expected a mapping with ${ROOT_KEYS.join(', ')}`);
  const root = raw as Json;
  for (const key of Object.keys(root)) {
    if (!ROOT_KEYS.includes(key)) fail(key, 'unknown key');
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

  const specialCategories = root.specialCategories === undefined ? [] : stringList('specialCategories', root.specialCategories);
  for (const label of specialCategories) if (!labels.has(label)) fail('specialCategories', `unknown label "${label}"`);

  const dataSubjects = parseDataSubjects(root.dataSubjects, fail, stringList);
  const subjectArguments = root.subjectArguments === undefined ? [] : stringList('subjectArguments', root.subjectArguments);
  for (const path of subjectArguments) {
    if (!ARGUMENT_PATH.test(path)) fail('subjectArguments', `"${path}" is not Type.field.argument[.inputField]`);
  }
  const needToKnow = parseNeedToKnow(root.needToKnow, fail);

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
    if (p.selfSubject !== undefined && !dataSubjects.has(p.selfSubject as string)) {
      fail(`${at}.selfSubject`, `must name one of dataSubjects (${[...dataSubjects.keys()].join(', ')})`);
    }
    if (p.access === 'self' && p.selfSubject === undefined) fail(`${at}.selfSubject`, 'is required with access: self (whose id is the caller?)');
    if (p.schemaIntrospection !== undefined && typeof p.schemaIntrospection !== 'boolean') fail(`${at}.schemaIntrospection`, 'must be true or false');
    if (!Number.isInteger(p.auditRetentionDays) || (p.auditRetentionDays as number) < 1) fail(`${at}.auditRetentionDays`, 'must be a whole number of days, at least 1');
    let breakGlass: { accessHours: number } | undefined;
    if (p.breakGlass !== undefined) {
      const b = p.breakGlass;
      if (!isObject(b)) return fail(`${at}.breakGlass`, 'expected { accessHours }');
      for (const key of Object.keys(b)) if (key !== 'accessHours') fail(`${at}.breakGlass.${key}`, 'unknown key');
      if (!Number.isInteger(b.accessHours) || (b.accessHours as number) < 1 || (b.accessHours as number) > 72) fail(`${at}.breakGlass.accessHours`, 'must be a whole number of hours, 1 to 72');
      if (p.access !== 'active-relation') fail(`${at}.breakGlass`, 'only a purpose bound to active relations can break the glass');
      breakGlass = { accessHours: b.accessHours as number };
    }
    if (p.dataRetentionDays !== undefined && (!Number.isInteger(p.dataRetentionDays) || (p.dataRetentionDays as number) < 1)) fail(`${at}.dataRetentionDays`, 'must be a whole number of days, at least 1');
    purposes.set(id, {
      id,
      name: p.name as string,
      processingActivity: p.processingActivity as string,
      legalBasis: p.legalBasis as string,
      description: p.description as string,
      labels: purposeLabels,
      access: p.access as RowAccess,
      ...(p.selfSubject !== undefined ? { selfSubject: p.selfSubject as string } : {}),
      schemaIntrospection: p.schemaIntrospection !== false,
      auditRetentionDays: p.auditRetentionDays as number,
      ...(breakGlass ? { breakGlass } : {}),
      ...(p.dataRetentionDays !== undefined ? { dataRetentionDays: p.dataRetentionDays as number } : {}),
    });
  }

  if (!isObject(root.roles)) fail('roles', 'expected a mapping of role to its purposes');
  const roles = new Map<string, Role>();
  for (const [id, value] of Object.entries(root.roles as Json)) {
    const at = `roles.${id}`;
    if (!isObject(value)) fail(at, 'expected a mapping');
    const r = value as Json;
    for (const key of Object.keys(r)) if (!['description', 'purposes', 'organisation'].includes(key)) fail(`${at}.${key}`, 'unknown key');
    const rolePurposes = stringList(`${at}.purposes`, r.purposes);
    for (const purpose of rolePurposes) if (!purposes.has(purpose)) fail(`${at}.purposes`, `unknown purpose "${purpose}"`);
    if (r.organisation !== undefined && (typeof r.organisation !== 'string' || r.organisation.trim() === '')) fail(`${at}.organisation`, 'must be a non-empty name');
    roles.set(id, {
      id,
      description: typeof r.description === 'string' ? r.description : '',
      purposes: rolePurposes,
      ...(typeof r.organisation === 'string' ? { organisation: r.organisation } : {}),
    });
  }

  const writes = parseWrites(root.writes, purposes, fail);
  const computedFields = root.computedFields === undefined ? [] : stringList('computedFields', root.computedFields);
  for (const rules of computedFields) if (!/\.ya?ml$/.test(rules)) fail('computedFields', `"${rules}" is not a YAML rules file`);
  return { version: root.version as string, labels, specialCategories, roles, purposes, dataSubjects, subjectArguments, needToKnow, writes, computedFields };
}

function parseWrites(value: unknown, purposes: ReadonlyMap<string, Purpose>, fail: Fail): Map<string, Write> {
  const writes = new Map<string, Write>();
  if (value === undefined) return writes;
  if (!isObject(value)) return fail('writes', 'expected a mapping of Mutation.field to { purposes, records }');
  for (const [coordinate, definition] of Object.entries(value)) {
    const at = `writes.${coordinate}`;
    if (!/^Mutation\.[_A-Za-z][_0-9A-Za-z]*$/.test(coordinate)) fail(at, 'must be Mutation.field');
    if (!isObject(definition)) return fail(at, 'expected { purposes, records }');
    for (const key of Object.keys(definition)) if (!['purposes', 'records'].includes(key)) fail(`${at}.${key}`, 'unknown key');
    const list = definition.purposes;
    if (!Array.isArray(list) || list.length === 0 || list.some((p) => typeof p !== 'string' || !purposes.has(p))) fail(`${at}.purposes`, 'must list known purposes');
    if (definition.records !== 'review' && definition.records !== 'none') fail(`${at}.records`, 'must be review or none (what the audit record keeps of the write)');
    writes.set(coordinate, { coordinate, purposes: list as string[], records: definition.records as Write['records'] });
  }
  return writes;
}

type Fail = (at: string, reason: string) => never;

function parseDataSubjects(value: unknown, fail: Fail, stringList: (at: string, value: unknown) => string[]): Map<string, DataSubject> {
  if (!isObject(value) || Object.keys(value).length === 0) {
    fail('dataSubjects', 'expected a mapping of entity type to { idPattern, openedBy, members? }: without it nothing can be audited by subject');
  }
  const subjects = new Map<string, DataSubject>();
  for (const [type, definition] of Object.entries(value as Json)) {
    const at = `dataSubjects.${type}`;
    if (!NAME.test(type)) fail(at, 'must be a GraphQL type name');
    if (!isObject(definition)) fail(at, 'expected a mapping');
    const d = definition as Json;
    for (const key of Object.keys(d)) if (!SUBJECT_KEYS.includes(key)) fail(`${at}.${key}`, 'unknown key');
    if (typeof d.idPattern !== 'string' || !d.idPattern.startsWith('^') || !d.idPattern.endsWith('$')) {
      fail(`${at}.idPattern`, 'must be a regular expression anchored with ^ and $');
    }
    let idPattern: RegExp;
    try {
      idPattern = new RegExp(d.idPattern as string);
    } catch (err) {
      return fail(`${at}.idPattern`, `is not a valid regular expression (${err instanceof Error ? err.message : String(err)})`);
    }
    const openedBy = stringList(`${at}.openedBy`, d.openedBy ?? []);
    for (const coordinate of openedBy) if (!COORDINATE.test(coordinate)) fail(`${at}.openedBy`, `"${coordinate}" is not Type.field`);
    if (d.members !== undefined && (typeof d.members !== 'string' || !NAME.test(d.members))) fail(`${at}.members`, 'must be a field name');
    subjects.set(type, { type, idPattern, openedBy, ...(d.members !== undefined ? { members: d.members as string } : {}) });
  }
  return subjects;
}

/** A route on a subgraph: a path, nothing else. */
const ROUTE = /^\/[A-Za-z0-9/_-]*$/;

function parseNeedToKnow(value: unknown, fail: Fail): NeedToKnowSource {
  if (!isObject(value)) fail('needToKnow', 'expected { subgraph, route }: which subgraph answers who works with whom');
  const { subgraph, route, versionRoute } = value as Json;
  for (const key of Object.keys(value as Json)) if (!['subgraph', 'route', 'versionRoute'].includes(key)) fail(`needToKnow.${key}`, 'unknown key');
  if (typeof subgraph !== 'string' || !NAME.test(subgraph)) fail('needToKnow.subgraph', 'must be a subgraph name');
  if (typeof route !== 'string' || !ROUTE.test(route)) fail('needToKnow.route', 'must be a path such as /caller-access');
  if (versionRoute !== undefined && (typeof versionRoute !== 'string' || !ROUTE.test(versionRoute))) fail('needToKnow.versionRoute', 'must be a path such as /data-version, or left out');
  return { subgraph: subgraph as string, route: route as string, ...(versionRoute !== undefined ? { versionRoute: versionRoute as string } : {}) };
}
