import { createHash, randomBytes } from 'node:crypto';
import type { AuditRecordInput } from '../../audit/AuditRecord';

const DOCUMENT_HASH = createHash('sha256').update('{ household(id: $id) { address { city } members { name } } }').digest('hex');

/**
 * A record shaped like the gateway's for a household view (a household and three members,
 * labels per subject, fields returned and redacted), with fresh W3C ids: what the audit
 * store bench appends.
 */
export function auditRecordSample(n: number, instance: string): AuditRecordInput {
  const household = `H-${String(1 + (n % 9999)).padStart(4, '0')}`;
  const persons = [1, 2, 3].map((i) => `P-${String(1 + ((n * 3 + i) % 29999)).padStart(5, '0')}`);
  return {
    at: new Date().toISOString(),
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    actor: { sub: `u-regisseur-${1 + (n % 40)}`, org: 'gemeente', role: 'regisseur' },
    purpose: { id: 'regie', processingActivity: 'VA-GEM-001', legalBasis: 'Wmo 2015 art. 2.3.2' },
    policyVersion: '2026-11-25.1',
    operationName: 'HouseholdView',
    documentHash: DOCUMENT_HASH,
    fieldsReturned: [
      { field: 'Household.address', label: 'address' },
      { field: 'Person.name', label: 'identity' },
      { field: 'Person.birthDate', label: 'identity' },
    ],
    fieldsRedacted: [{ field: 'Person.debtCase', label: 'financial-detail' }],
    subjects: [
      { type: 'Household', id: household, labels: ['address', 'identity'] },
      ...persons.map((id) => ({ type: 'Person', id, labels: ['address', 'identity'] })),
    ],
    malformedIds: 0,
    supergraphVersion: 'f'.repeat(64),
    outcome: 'PARTIAL',
    errorCodes: ['FORBIDDEN_FIELD'],
    durationMs: 12.5,
    gatewayInstance: instance,
  };
}
