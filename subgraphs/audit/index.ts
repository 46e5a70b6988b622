import { auditFile } from '../../audit/auditFile';
import { ReopeningAuditReader } from '../../audit/ReopeningAuditReader';
import { SqliteAuditStore } from '../../audit/SqliteAuditStore';
import { defineAgency } from '../kit/AgencyDefinition';
import { Store } from '../kit/Store';
import { createAuditResolvers } from './resolvers';
import { loadPolicy, DEFAULT_POLICY_FILE } from '../../policies/loadPolicy';
import type { Policy } from '../../policies/Policy';

/** The same policy file as the gateway's (`POLICY_FILE`). */
const policyFile = (): string => process.env.POLICY_FILE ?? DEFAULT_POLICY_FILE;

function groupSubjectTypes(policy: Policy): string[] {
  return [...policy.dataSubjects.values()].filter((s) => s.members !== undefined).map((s) => s.type);
}

/**
 * The review subgraph over the gateway's audit log (`<dataDir>/audit.sqlite`). It opens the
 * file read-only: it can never write, prune or repair the log it reports on.
 */
export const audit = defineAgency<Record<string, never>>({
  name: 'audit',
  dir: __dirname,
  openStore(dataDir) {
    const file = auditFile(dataDir);
    // The gateway may not have started yet: give the reader an empty, valid log to open.
    SqliteAuditStore.ensureSchema(file);
    return new Store({ file, readonly: true });
  },
  createLoaders: () => ({}),
  // Follows the file across a restore from backup, as the gateway's store does. Unusual
  // access counts the groups of the policy's data subjects (those with members).
  createResolvers: (store) =>
    createAuditResolvers(new ReopeningAuditReader(store.db.name, { unusualAccessSubjectTypes: groupSubjectTypes(loadPolicy(policyFile())) })),
  // No seed: only the gateway writes audit records.
});
