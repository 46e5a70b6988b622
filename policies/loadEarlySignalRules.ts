import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { EarlySignalRules } from './EarlySignalRules';
import { PolicyError } from './PolicyError';
import { projectPath } from '../platform/projectRoot';

export const DEFAULT_EARLY_SIGNAL_RULES_FILE = projectPath(path.join(__dirname, 'earlySignals.yaml'));

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the early-signal rules strictly: unknown keys, arrear kinds outside `knownKinds`
 * (the agency's enum) or numbers out of range stop the caller, naming the file and where.
 */
export function loadEarlySignalRules(file: string = DEFAULT_EARLY_SIGNAL_RULES_FILE, knownKinds?: readonly string[]): EarlySignalRules {
  const fail = (at: string, reason: string): never => {
    throw new PolicyError(file, at, reason);
  };
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return fail('(file)', err instanceof Error ? err.message : String(err));
  }
  if (!isObject(raw)) return fail('(root)', 'expected a mapping with version, arrears, combine');
  for (const key of Object.keys(raw)) if (!['version', 'arrears', 'combine'].includes(key)) fail(key, 'unknown key');
  if (typeof raw.version !== 'string' || raw.version === '') fail('version', 'must be a non-empty string');
  const arrears = raw.arrears;
  const combine = raw.combine;
  if (!isObject(arrears)) return fail('arrears', 'expected { kinds, minMonths }');
  if (!isObject(combine)) return fail('combine', 'expected { creditors, withinMonths }');
  for (const key of Object.keys(arrears)) if (!['kinds', 'minMonths'].includes(key)) fail(`arrears.${key}`, 'unknown key');
  for (const key of Object.keys(combine)) if (!['creditors', 'withinMonths'].includes(key)) fail(`combine.${key}`, 'unknown key');
  const kinds = arrears.kinds;
  if (!Array.isArray(kinds) || kinds.length === 0 || kinds.some((k) => typeof k !== 'string')) return fail('arrears.kinds', 'must list arrear kinds');
  for (const kind of kinds as string[]) if (knownKinds && !knownKinds.includes(kind)) fail('arrears.kinds', `unknown arrear kind "${kind}" (known: ${knownKinds.join(', ')})`);
  const whole = (value: unknown, at: string, min: number, max: number): number => {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) fail(at, `must be a whole number from ${min} to ${max}`);
    return value as number;
  };
  return {
    file,
    version: raw.version as string,
    kinds: kinds as string[],
    minMonths: whole(arrears.minMonths, 'arrears.minMonths', 1, 24),
    creditors: whole(combine.creditors, 'combine.creditors', 1, 10),
    withinMonths: whole(combine.withinMonths, 'combine.withinMonths', 1, 24),
  };
}
