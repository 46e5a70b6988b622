import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ChainBreaker, ChainDecision, ChainRule, ChainRules, ChainStep } from './ChainRules';
import { PolicyError } from './PolicyError';
import { projectPath } from '../platform/projectRoot';

/** The blockage rules beside the policy (docs/domain.md, "Blockages between agencies"). */
export const DEFAULT_BLOCKAGE_RULES_FILE = projectPath(path.join(__dirname, 'blockages.yaml'));

const ROOT_KEYS = ['version', 'field', 'decisions', 'rules'];
const DECISION_KEYS = ['agency', 'name', 'at', 'reason', 'date'];
const RULE_KEYS = ['id', 'steps', 'closes', 'explanation', 'breakers'];
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type Json = Record<string, unknown>;
type Fail = (at: string, reason: string) => never;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Json, allowed: readonly string[], at: string, fail: Fail): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) fail(`${at}.${key}`, `unknown key (expected ${allowed.join(', ')})`);
}

function text(value: unknown, at: string, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') fail(at, 'must be a non-empty text');
  return (value as string).trim();
}

/**
 * Reads and checks a chain-rules file for its shape: every rule names declared decisions,
 * ids are unique, texts are present. Whether its agencies, fields and reason codes exist
 * is checked against the supergraph when the policy is compiled (`compileChainRules`).
 */
export function loadChainRules(file: string = DEFAULT_BLOCKAGE_RULES_FILE): ChainRules {
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PolicyError(file, '(file)', err instanceof Error ? err.message : String(err));
  }
  return parseChainRules(raw, file);
}

export function parseChainRules(raw: unknown, file = '(rules)'): ChainRules {
  const fail: Fail = (at, reason) => {
    throw new PolicyError(file, at, reason);
  };
  if (!isObject(raw)) fail('(root)', `expected a mapping with ${ROOT_KEYS.join(', ')}`);
  const root = raw as Json;
  onlyKeys(root, ROOT_KEYS, '(root)', fail);
  const version = text(root.version, 'version', fail);

  if (!isObject(root.field)) fail('field', 'expected { on, name, label }: where the result is served');
  const field = root.field as Json;
  onlyKeys(field, ['on', 'name', 'label'], 'field', fail);
  for (const key of ['on', 'name']) if (typeof field[key] !== 'string' || !NAME.test(field[key] as string)) fail(`field.${key}`, 'must be a GraphQL name');
  const label = text(field.label, 'field.label', fail);

  if (!isObject(root.decisions) || Object.keys(root.decisions).length === 0) fail('decisions', 'expected a mapping of decision id to { agency, name, at, reason, date }');
  const decisions = new Map<string, ChainDecision>();
  for (const [id, value] of Object.entries(root.decisions as Json)) {
    const at = `decisions.${id}`;
    if (!ID.test(id)) fail(at, 'a decision id is lower-case words joined by hyphens');
    if (!isObject(value)) fail(at, 'expected a mapping');
    const d = value as Json;
    onlyKeys(d, DECISION_KEYS, at, fail);
    const fieldPath = text(d.at, `${at}.at`, fail).split('.');
    if (fieldPath.some((name) => !NAME.test(name))) fail(`${at}.at`, 'must be field names joined by dots, e.g. members.debtCase');
    for (const key of ['reason', 'date']) if (typeof d[key] !== 'string' || !NAME.test(d[key] as string)) fail(`${at}.${key}`, 'must be a field name');
    decisions.set(id, {
      id,
      agency: text(d.agency, `${at}.agency`, fail),
      name: text(d.name, `${at}.name`, fail),
      at: fieldPath,
      reason: d.reason as string,
      date: d.date as string,
    });
  }

  if (!Array.isArray(root.rules) || root.rules.length === 0) fail('rules', 'expected a list of rules');
  const seen = new Set<string>();
  const rules = (root.rules as unknown[]).map((value, index): ChainRule => {
    let at = `rules[${index}]`;
    if (!isObject(value)) fail(at, 'expected a mapping');
    const r = value as Json;
    if (typeof r.id === 'string') at = `rules[${index}] (${r.id})`;
    onlyKeys(r, RULE_KEYS, at, fail);
    if (typeof r.id !== 'string' || !ID.test(r.id)) fail(`${at}.id`, 'a rule id is lower-case words joined by hyphens');
    const id = r.id as string;
    if (seen.has(id)) fail(`${at}.id`, `the id "${id}" is used twice`);
    seen.add(id);
    if (!Array.isArray(r.steps) || r.steps.length < 2) fail(`${at}.steps`, 'a chain has at least two steps');
    const steps = (r.steps as unknown[]).map((step, k): ChainStep => {
      const stepAt = `${at}.steps[${k}]`;
      if (!isObject(step)) fail(stepAt, 'expected { decision, reason }');
      const s = step as Json;
      onlyKeys(s, ['decision', 'reason'], stepAt, fail);
      const decision = text(s.decision, `${stepAt}.decision`, fail);
      if (!decisions.has(decision)) fail(`${stepAt}.decision`, `unknown decision "${decision}" (declared: ${[...decisions.keys()].join(', ')})`);
      return { decision, reason: text(s.reason, `${stepAt}.reason`, fail) };
    });
    if (new Set(steps.map((s) => decisions.get(s.decision)!.agency)).size < 2) fail(`${at}.steps`, 'a blockage runs between at least two agencies');
    if (typeof r.closes !== 'boolean') fail(`${at}.closes`, 'must be true or false');
    if (!Array.isArray(r.breakers) || r.breakers.length === 0) fail(`${at}.breakers`, 'name at least one agency that could break the chain, and how');
    const breakers = (r.breakers as unknown[]).map((breaker, k): ChainBreaker => {
      const breakerAt = `${at}.breakers[${k}]`;
      if (!isObject(breaker)) fail(breakerAt, 'expected { agency, how }');
      onlyKeys(breaker as Json, ['agency', 'how'], breakerAt, fail);
      return { agency: text((breaker as Json).agency, `${breakerAt}.agency`, fail), how: text((breaker as Json).how, `${breakerAt}.how`, fail) };
    });
    return { id, steps, closes: r.closes as boolean, explanation: text(r.explanation, `${at}.explanation`, fail), breakers };
  });

  return { file, version, field: { on: field.on as string, name: field.name as string, label }, decisions, rules };
}
