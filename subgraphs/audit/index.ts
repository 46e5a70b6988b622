import { auditFile } from '../../audit/auditFile';
import { auditDatabaseUrlFromEnv, openAuditReader } from '../../audit/openAuditStore';
import { SqliteAuditStore } from '../../audit/SqliteAuditStore';
import { checkPostgresAuditReader } from '../../audit/postgres/checkPostgresAuditReader';
import { POSTGRES_AUDIT_STORE_DEFAULTS } from '../../audit/postgres/PostgresAuditStore';
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
 * The review subgraph over the gateway's audit log: `<dataDir>/audit.sqlite`, opened
 * read-only, or the PostgreSQL log when `AUDIT_DATABASE_URL` is set (the same setting as
 * the gateway's; give it a role that may only SELECT). It can never write, prune or repair
 * the log it reports on.
 */
export const audit = defineAgency<Record<string, never>>({
  name: 'audit',
  dir: __dirname,
  openStore(dataDir) {
    // On PostgreSQL the kit's SQLite store holds nothing: an empty in-memory database
    // (this folder has no migrations), so no stray audit.sqlite appears beside the shared log.
    if (auditDatabaseUrlFromEnv() !== undefined) return new Store({ file: ':memory:', migrationsDir: __dirname });
    const file = auditFile(dataDir);
    // The gateway may not have started yet: give the reader an empty, valid log to open.
    SqliteAuditStore.ensureSchema(file);
    return new Store({ file, readonly: true });
  },
  // A wrong AUDIT_DATABASE_URL stops the start with one line, not the first query.
  async checkBeforeServing() {
    const url = auditDatabaseUrlFromEnv();
    if (url !== undefined) await checkPostgresAuditReader(url, { connectTimeoutMs: POSTGRES_AUDIT_STORE_DEFAULTS.connectTimeoutMs });
  },
  createLoaders: () => ({}),
  // SQLite: follows the file across a restore from backup, as the gateway's store does.
  // Unusual access counts the groups of the policy's data subjects (those with members).
  createResolvers: (store) =>
    createAuditResolvers(
      openAuditReader({ databaseUrl: auditDatabaseUrlFromEnv(), file: store.db.name }, { unusualAccessSubjectTypes: groupSubjectTypes(loadPolicy(policyFile())) }),
    ),
  // No seed: only the gateway writes audit records.
});
