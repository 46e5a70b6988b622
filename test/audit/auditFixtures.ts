import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { AuditRecordInput, AuditSubject } from '../../audit/AuditRecord';

/** The demo domain's subjects as typed audit subjects (labels per subject optional). */
export function subjectsOf(lists: { households?: string[]; persons?: string[] }, labels: string[] = []): AuditSubject[] {
  return [
    ...(lists.households ?? []).map((id) => ({ type: 'Household', id, labels: [...labels] })),
    ...(lists.persons ?? []).map((id) => ({ type: 'Person', id, labels: [...labels] })),
  ];
}

/** A fresh directory in os.tmpdir(); remove it with `fs.rmSync(dir, { recursive: true, force: true })`. */
export function tempDir(prefix = 'hv-audit-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Deterministic W3C ids from a number, so records are recognisable in failures. */
export function traceIdOf(n: number): string {
  return createHash('sha256').update(`trace-${n}`).digest('hex').slice(0, 32);
}

export function spanIdOf(n: number): string {
  return createHash('sha256').update(`span-${n}`).digest('hex').slice(0, 16);
}

export const REGISSEUR = { sub: 'u-regisseur-1', org: 'gemeente', role: 'regisseur' } as const;
export const SCHULD = { sub: 'u-schuld-1', org: 'schuldhulp', role: 'schuldhulpverlener' } as const;
export const REGIE = { id: 'regie', processingActivity: 'VA-GEM-001', legalBasis: 'Wmo 2015 art. 2.3.2' } as const;
export const SCHULDHULP = { id: 'schuldhulp', processingActivity: 'VA-SHV-001', legalBasis: 'Wgs art. 5' } as const;

/** A plausible record of a coordinator viewing H-0001; override what a test is about. */
export function sampleInput(overrides: Partial<AuditRecordInput> = {}, n = 1): AuditRecordInput {
  return {
    at: '2026-11-25T09:30:00.000Z',
    traceId: traceIdOf(n),
    spanId: spanIdOf(n),
    actor: { ...REGISSEUR },
    purpose: { ...REGIE },
    policyVersion: '2026-11-25.1',
    operationName: 'HouseholdView',
    documentHash: createHash('sha256').update('{ household(id: "H-0001") { address { city } } }').digest('hex'),
    fieldsReturned: [
      { field: 'Household.address', label: 'address' },
      { field: 'Person.name', label: 'identity' },
    ],
    fieldsRedacted: [{ field: 'Person.debtCase', label: 'financial-detail' }],
    subjects: subjectsOf({ households: ['H-0001'], persons: ['P-0001', 'P-0002'] }, ['address']),
    malformedIds: 0,
    supergraphVersion: 'f'.repeat(64),
    outcome: 'PARTIAL',
    errorCodes: ['FORBIDDEN_FIELD'],
    durationMs: 12.5,
    gatewayInstance: 'gw-test',
    ...overrides,
  };
}
