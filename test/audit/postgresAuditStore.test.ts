import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AUDIT_RECORD_FORMAT, type AccessRecord } from '../../audit/AuditRecord';
import { AuditStoreConfigError } from '../../audit/AuditStoreConfigError';
import { AuditUnavailableError } from '../../audit/AuditUnavailableError';
import { recordHash } from '../../audit/canonicalRecord';
import { auditDatabaseUrlFromEnv, openAuditStore } from '../../audit/openAuditStore';
import { postgresMigrationFiles } from '../../audit/postgres/migratePostgresAudit';
import { PostgresAuditStore } from '../../audit/postgres/PostgresAuditStore';
import { RECORD_COLUMNS, recordToRow } from '../../audit/recordRow';
import { adminPool, closeAdminPool, createTestRole, createTestSchema, describePostgres, urlForSchema, type TestSchema } from '../harness/postgresTestDatabase';
import { startTcpProxy, type TcpProxy } from '../harness/tcpProxy';
import { loadRegistry, registryEntry } from '../../schema/SubgraphRegistry';
import { startHostedSubgraph } from '../../subgraphs/loadAgencyDefinition';
import { sampleInput, subjectsOf } from './auditFixtures';
import { runScript } from './runScript';

/*
 * What only the PostgreSQL store has: many instances on one chain, the database's own
 * append-only rules (triggers, an INSERT/SELECT role), migrations, refusing a wrong
 * AUDIT_DATABASE_URL, and failing closed when the server is gone or silent (through a TCP
 * proxy: the machine's PostgreSQL is shared and never stopped). The suites shared with
 * SQLite are auditStore.test.ts and auditPrune.test.ts.
 */

let schema: TestSchema;
const stores: PostgresAuditStore[] = [];
const cleanups: Array<() => Promise<void>> = [];

/** The migrations this code knows (the schema version it migrates to). */
const KNOWN = postgresMigrationFiles().length;

/**
 * A store on the test schema. The commit deadline is generous here (the machine is shared
 * and speed is not under test); the fail-closed tests set the production 2 s.
 */
async function open(options: Partial<ConstructorParameters<typeof PostgresAuditStore>[0]> = {}): Promise<PostgresAuditStore> {
  const store = await PostgresAuditStore.open({ url: schema.url, commitTimeoutMs: 30_000, ...options });
  stores.push(store);
  return store;
}

/** Runs SQL in the test schema as `role` (default: the superuser), in one transaction. */
async function sql(statement: string, options: { role?: string; setup?: string[] } = {}): Promise<void> {
  const client = await adminPool().connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL search_path = ${schema.schema}`);
    if (options.role) await client.query(`SET LOCAL ROLE ${options.role}`);
    for (const setup of options.setup ?? []) await client.query(setup);
    await client.query(statement);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

async function count(table: string): Promise<number> {
  const result = await adminPool().query<{ n: string }>(`SELECT count(*) AS n FROM ${schema.schema}.${table}`);
  return Number(result.rows[0]!.n);
}

beforeEach(async () => {
  if (!process.env.TEST_DATABASE_URL) return;
  schema = await createTestSchema();
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await schema?.drop();
});

afterAll(async () => {
  await closeAdminPool();
});

/** An INSERT/SELECT-only login role on the test schema, as audit/postgres/README.md tells the operator to create. */
async function appendOnlyRole(privileges = 'INSERT, SELECT'): Promise<string> {
  const { role, drop } = await createTestRole(`r${cleanups.length}`);
  cleanups.push(drop);
  await adminPool().query(`GRANT USAGE ON SCHEMA ${schema.schema} TO ${role}`);
  await adminPool().query(`GRANT ${privileges} ON ${schema.schema}.audit_records, ${schema.schema}.audit_subjects TO ${role}`);
  await adminPool().query(`GRANT SELECT ON ${schema.schema}.audit_schema_version TO ${role}`);
  return role;
}

describePostgres('PostgreSQL audit store', () => {
  describe('many instances, one chain', () => {
    test('two instances appending concurrently write one chain without gaps or duplicates, each record committed once', async () => {
      const a = await open();
      const b = await open();
      const n = 600;
      const records = await Promise.all(
        Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : b).append(sampleInput({ gatewayInstance: i % 2 === 0 ? 'gw-a' : 'gw-b' }, i + 1))),
      );
      const seqs = records.map((r) => r.seq).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(a.stats().appended + b.stats().appended).toBe(n);
      // Group commit on each instance: far fewer transactions than records.
      expect(a.stats().flushes + b.stats().flushes).toBeLessThan(n / 10);
      expect(await a.verifyChain()).toMatchObject({ verified: true, records: n, lastSeq: n });
      const page = await b.accessLog({}, 100, null);
      expect(new Set(page.edges.map((e) => e.node.gatewayInstance))).toEqual(new Set(['gw-a', 'gw-b']));
      expect(await count('audit_subjects')).toBe(n * 3);
    });

    test('an instance continues the chain another one wrote, and the observer hears of every commit', async () => {
      const a = await open();
      await a.append(sampleInput({}, 1));
      const events: string[] = [];
      const b = await open({ observer: { commitStarted: (size) => events.push(`start ${size}`), committed: (size) => events.push(`done ${size}`) } });
      const second = await b.append(sampleInput({}, 2));
      const third = await a.append(sampleInput({}, 3));
      expect([second.seq, third.seq]).toEqual([2, 3]);
      expect(third.prevHash).toBe(second.hash);
      expect(events).toEqual(['start 1', 'done 1']);
    });

    test('format-1 records written before typed subjects still verify, and the chain continues from them', async () => {
      const legacy: AccessRecord = {
        ...sampleInput({ subjects: subjectsOf({ households: ['H-0001'], persons: ['P-0001'] }), malformedIds: 0, supergraphVersion: null }),
        kind: 'access',
        format: 1,
        seq: 1,
        prevHash: '0'.repeat(64),
        hash: '',
      };
      const record = { ...legacy, hash: recordHash(legacy) };
      const row = recordToRow(record);
      const store = await open(); // migrates the empty schema
      await adminPool().query(
        `INSERT INTO ${schema.schema}.audit_records (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
        RECORD_COLUMNS.map((c) => row[c]),
      );
      // (Migrated format-1 index rows carry no labels.) The trigger wants them in the record's transaction; a superuser may skip it.
      await sql(`INSERT INTO audit_subjects VALUES ('H-0001', 1, 'Household', '[]'), ('P-0001', 1, 'Person', '[]')`, { setup: ['SET LOCAL session_replication_role = replica'] });
      const next = await store.append(sampleInput({ outcome: 'OK' }, 2));
      expect(next).toMatchObject({ seq: 2, prevHash: record.hash, format: AUDIT_RECORD_FORMAT });
      expect(await store.verifyChain()).toMatchObject({ verified: true, records: 2 });
      expect((await store.accessesToSubject('P-0001')).map((a) => a.labels)).toEqual([['address'], ['address', 'identity']]);
    });
  });

  describe('append-only, enforced by the database', () => {
    beforeEach(async () => {
      const store = await open();
      for (let i = 1; i <= 3; i += 1) await store.append(sampleInput({}, i));
    });

    test.each([
      ['UPDATE a record', "UPDATE audit_records SET actor_sub = 'u-other' WHERE seq = 2", /append-only/],
      ['DELETE a record', 'DELETE FROM audit_records WHERE seq = 3', /append-only: only the retention prune deletes/],
      ['TRUNCATE the log', 'TRUNCATE audit_records CASCADE', /append-only/],
      ['UPDATE a subject row', "UPDATE audit_subjects SET labels = '[]'", /append-only/],
      ['DELETE subject rows', "DELETE FROM audit_subjects WHERE subject_id = 'P-0001'", /append-only/],
      ['INSERT a record out of order', `INSERT INTO audit_records (seq, format, kind, at, prev_hash, hash) VALUES (9, 2, 'access', 'x', 'x', 'x')`, /seq must be the next one/],
      ['add a subject to an older record', `INSERT INTO audit_subjects VALUES ('P-0099', 2, 'Person', '[]')`, /only added with their record/],
    ])('even the superuser cannot %s through the triggers', async (_name, statement, message) => {
      await expect(sql(statement)).rejects.toThrow(message);
      expect(await count('audit_records')).toBe(3);
    });

    test('the gateway role (INSERT, SELECT) may not delete, not even with the prune flag raised', async () => {
      const role = await appendOnlyRole();
      await expect(sql('DELETE FROM audit_records WHERE seq = 1', { role, setup: ["SET LOCAL audit.pruning = 'on'"] })).rejects.toThrow(/permission denied/);
      await expect(sql("UPDATE audit_records SET actor_sub = 'x'", { role })).rejects.toThrow(/permission denied/);
      // …and it does write: appends through that role work.
      const store = await open({ url: urlForSchema(schema.schema, undefined, role), migrate: false });
      expect((await store.append(sampleInput({}, 4))).seq).toBe(4);
      expect(await count('audit_records')).toBe(4);
    });

    test('tampering past the triggers (a superuser) is found by verifyChain and audit:verify', async () => {
      await sql("UPDATE audit_records SET actor_sub = 'u-someone-else' WHERE seq = 2", { setup: ['SET LOCAL session_replication_role = replica'] });
      const store = await open();
      expect(await store.verifyChain()).toMatchObject({ verified: false, firstBrokenSeq: 2, reason: expect.stringMatching(/edited/) });
      const cli = runScript('auditVerify.ts', [], { AUDIT_DATABASE_URL: schema.url });
      expect(cli.status).toBe(1);
      expect(cli.stdout).toContain('BROKEN at seq 2');
      await sql("DELETE FROM audit_subjects WHERE record_seq = 3 AND subject_id = 'P-0002'", { setup: ['SET LOCAL session_replication_role = replica'] });
      await sql("UPDATE audit_records SET actor_sub = 'u-regisseur-1' WHERE seq = 2", { setup: ['SET LOCAL session_replication_role = replica'] });
      expect(await store.verifyChain()).toMatchObject({ verified: false, firstBrokenSeq: 3, reason: expect.stringMatching(/subject index/) });
    });
  });

  describe('migrations', () => {
    test('npm run audit:migrate creates the schema once; the version is recorded', async () => {
      const env = { AUDIT_DATABASE_URL: schema.url };
      const first = runScript('auditMigrate.ts', [], env);
      expect(first.stderr).toBe('');
      expect(first.stdout).toContain(`migrated from version 0 to ${KNOWN}`);
      expect(runScript('auditMigrate.ts', [], env).stdout).toContain(`at version ${KNOWN}; nothing to do`);
      const versions = await adminPool().query(`SELECT version, name FROM ${schema.schema}.audit_schema_version ORDER BY version`);
      expect(versions.rows).toEqual(postgresMigrationFiles().map((name, i) => ({ version: i + 1, name })));
      expect(versions.rows[0]).toEqual({ version: 1, name: '001_init.sql' });
    });

    test('two stores opening an empty schema at once migrate it once', async () => {
      await Promise.all([open(), open(), open()]);
      expect(await count('audit_schema_version')).toBe(KNOWN);
    });
  });

  describe('a wrong AUDIT_DATABASE_URL refuses the start with one line naming the setting and the fix', () => {
    const refusal = async (url: string, message: RegExp) => {
      const attempt = openAuditStore({ databaseUrl: url, file: '/nonexistent/audit.sqlite' });
      await expect(attempt).rejects.toBeInstanceOf(AuditStoreConfigError);
      const error = (await attempt.catch((err: unknown) => err)) as Error;
      expect(error.message).toMatch(/^AUDIT_DATABASE_URL: /);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('\n');
    };

    test.each([
      ['not a URL', '127.0.0.1:5432/test', /is not a URL; set it to postgres:\/\//],
      ['another scheme', 'mysql://root@127.0.0.1/test', /scheme mysql: instead of postgres:/],
      ['no database', 'postgres://postgres@127.0.0.1:5432', /names no host or no database/],
    ])('malformed: %s', async (_name, url, message) => {
      await refusal(url, message);
    });

    test('an unknown database', async () => {
      await refusal(urlForSchema(schema.schema).replace(/\/test\?/, '/audit_no_such_db?'), /database does not exist .*; create it/);
    });

    test('an unknown role (wrong credentials)', async () => {
      await refusal(urlForSchema(schema.schema, undefined, 'audit_no_such_role'), /refused the login .*; put the audit role and its password in the URL/);
    });

    test('nothing listening', async () => {
      const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
      await proxy.close();
      const url = new URL(schema.url);
      url.port = String(proxy.port);
      await refusal(url.toString(), /cannot be reached \(ECONNREFUSED\); start PostgreSQL or correct the host and port/);
    });

    test('a schema newer than the code', async () => {
      await (await open()).close();
      await sql("INSERT INTO audit_schema_version (version, name) VALUES (99, '099_from_the_future.sql')");
      await refusal(schema.url, new RegExp(`audit schema is at version 99 but this gateway knows only up to ${KNOWN}; run the gateway version that migrated it`));
      const cli = runScript('auditMigrate.ts', [], { AUDIT_DATABASE_URL: schema.url });
      expect(cli.status).toBe(1);
      expect(cli.stderr).toMatch(/AUDIT_DATABASE_URL: the audit schema is at version 99/);
    });

    test('a role that lacks INSERT', async () => {
      await (await open()).close();
      const role = await appendOnlyRole('SELECT');
      await refusal(urlForSchema(schema.schema, undefined, role), /may not INSERT and SELECT audit_records and audit_subjects; GRANT INSERT, SELECT/);
    });

    test('a role that cannot create the missing schema', async () => {
      const { role, drop } = await createTestRole('nocreate');
      cleanups.push(drop);
      await adminPool().query(`GRANT USAGE ON SCHEMA ${schema.schema} TO ${role}`);
      await refusal(urlForSchema(schema.schema, undefined, role), new RegExp(`cannot migrate it to ${KNOWN} .*; run npm run audit:migrate with the owner's URL`));
    });

    describe('the audit subgraph checks AUDIT_DATABASE_URL before it serves', () => {
      /** Starts the audit subgraph in this process with AUDIT_DATABASE_URL = url; resolves to its refusal, or undefined when it started. */
      const startAuditSubgraph = async (url: string): Promise<Error | undefined> => {
        const before = process.env.AUDIT_DATABASE_URL;
        process.env.AUDIT_DATABASE_URL = url;
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hv-audit-subgraph-'));
        try {
          const running = await startHostedSubgraph(registryEntry(loadRegistry(), 'audit'), { port: 0, dataDir });
          await running.close();
          return undefined;
        } catch (err) {
          return err as Error;
        } finally {
          if (before === undefined) delete process.env.AUDIT_DATABASE_URL;
          else process.env.AUDIT_DATABASE_URL = before;
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      };

      test.each<[string, () => Promise<string>, RegExp]>([
        [
          'nothing listening',
          async () => {
            const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
            await proxy.close();
            const url = new URL(schema.url);
            url.port = String(proxy.port);
            return url.toString();
          },
          /cannot be reached \(ECONNREFUSED\); start PostgreSQL or correct the host and port/,
        ],
        [
          'a role that may not SELECT the log',
          async () => {
            await (await open()).close();
            const { role, drop } = await createTestRole('noselect');
            cleanups.push(drop);
            await adminPool().query(`GRANT USAGE ON SCHEMA ${schema.schema} TO ${role}`);
            await adminPool().query(`GRANT SELECT ON ${schema.schema}.audit_schema_version TO ${role}`);
            return urlForSchema(schema.schema, undefined, role);
          },
          /may not SELECT audit_records and audit_subjects; GRANT SELECT/,
        ],
      ])('%s: refuses to start, naming the setting and the fix', async (_name, url, message) => {
        const error = await startAuditSubgraph(await url());
        expect(error).toBeInstanceOf(AuditStoreConfigError);
        expect(error!.message).toMatch(/^AUDIT_DATABASE_URL: /);
        expect(error!.message).toMatch(message);
      });

      test('a database without a log yet starts it (the gateway creates the log)', async () => {
        expect(await startAuditSubgraph(schema.url)).toBeUndefined();
      });

      test('a readable log: it starts', async () => {
        await (await open()).close();
        const role = await appendOnlyRole('SELECT');
        expect(await startAuditSubgraph(urlForSchema(schema.schema, undefined, role))).toBeUndefined();
      });
    });

    test('set but empty is not "use SQLite"', () => {
      expect(() => auditDatabaseUrlFromEnv({ AUDIT_DATABASE_URL: ' ' })).toThrow(/^AUDIT_DATABASE_URL: is set but empty/);
    });
  });

  describe('fail closed, recover by itself', () => {
    let proxy: TcpProxy;
    beforeEach(async () => {
      const target = new URL(process.env.TEST_DATABASE_URL!);
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    });
    afterEach(async () => {
      await proxy.close();
    });
    const throughProxy = () => {
      const url = new URL(schema.url);
      url.port = String(proxy.port);
      return url.toString();
    };

    test.each([
      ['PostgreSQL goes away (connections dropped, new ones refused)', (p: TcpProxy) => p.cut()],
      ['PostgreSQL stops answering (nothing commits within 2 s)', async (p: TcpProxy) => p.stall()],
    ])('%s: appends reject with AUDIT_UNAVAILABLE, the probe says no, and it comes back', async (_name, fault) => {
      const store = await open({ url: throughProxy(), probeFreshMs: 0, commitTimeoutMs: 2000 });
      const first = await store.append(sampleInput({}, 1));
      expect(await store.isWritable()).toBe(true);

      await fault(proxy);
      const started = Date.now();
      const refused = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => store.append(sampleInput({}, 10 + i))));
      for (const result of refused) {
        expect(result.status).toBe('rejected');
        const reason = (result as PromiseRejectedResult).reason as AuditUnavailableError;
        expect(reason).toBeInstanceOf(AuditUnavailableError);
        expect(reason).toMatchObject({ code: 'AUDIT_UNAVAILABLE', reason: 'unreachable' });
        expect(reason.message).not.toMatch(/password/);
      }
      expect(Date.now() - started).toBeLessThan(10_000); // the deadline, not a hang
      expect(await store.isWritable()).toBe(false);
      expect(store.stats().failed).toBe(5);

      await proxy.restore();
      let writable = false;
      for (let i = 0; i < 50 && !writable; i += 1) {
        writable = await store.isWritable();
        if (!writable) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(writable).toBe(true);
      const after = await store.append(sampleInput({}, 99));
      expect(after.seq).toBe(2);
      expect(after.prevHash).toBe(first.hash);
      expect(await store.verifyChain()).toMatchObject({ verified: true, records: 2 });
    }, 60_000);

    test('a database that takes no writes (a standby, or read-only transactions for the role): not ready, appends refused, nothing written', async () => {
      await (await open()).close();
      const role = await appendOnlyRole();
      // What a hot standby answers too: transaction_read_only = on.
      await adminPool().query(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
      const before = Number((await adminPool().query(`SELECT count(*) AS n FROM ${schema.schema}.audit_records`)).rows[0].n);
      const store = await open({ url: urlForSchema(schema.schema, undefined, role), probeFreshMs: 0 });
      expect(await store.isWritable()).toBe(false);
      expect(store.unavailableReason()).toMatchObject({ reason: 'io', message: expect.stringMatching(/takes no writes .*point AUDIT_DATABASE_URL at the primary/) });
      await expect(store.append(sampleInput({}, 1))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
      expect(Number((await adminPool().query(`SELECT count(*) AS n FROM ${schema.schema}.audit_records`)).rows[0].n)).toBe(before);
      await adminPool().query(`ALTER ROLE ${role} SET default_transaction_read_only = off`);
    });
  });
});
