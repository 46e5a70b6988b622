import { auditFile } from '../../audit/auditFile';
import { ReopeningAuditReader } from '../../audit/ReopeningAuditReader';
import { SqliteAuditStore } from '../../audit/SqliteAuditStore';
import { defineAgency } from '../kit/AgencyDefinition';
import { Store } from '../kit/Store';
import { createAuditResolvers } from './resolvers';

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
  // Follows the file across a restore from backup, as the gateway's store does.
  createResolvers: (store) => createAuditResolvers(new ReopeningAuditReader(store.db.name)),
  // Nothing to seed: only the gateway writes audit records.
  seed: () => undefined,
});
