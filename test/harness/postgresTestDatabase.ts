import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withSearchPath } from '../../audit/postgres/postgresPool';

/**
 * The PostgreSQL the tests may use (`.ci/run` sets it; the developers' machine runs one at
 * 127.0.0.1:5432 with trust authentication). Unset: the PostgreSQL suites are skipped, and
 * test/globalSetup.ts says so in one line.
 */
export const TEST_DATABASE_URL: string | undefined = process.env.TEST_DATABASE_URL || undefined;

/** `describe` when PostgreSQL is configured, `describe.skip` otherwise. */
export const describePostgres: jest.Describe = TEST_DATABASE_URL ? describe : describe.skip;

/** This test process's prefix: schemas of parallel runs and workers never meet. */
const RUN = `audit_t_${process.pid}_${randomBytes(3).toString('hex')}`;
let counter = 0;

/** The URL of TEST_DATABASE_URL's database with `search_path` set to `schema` (libpq `options`). */
export function urlForSchema(schema: string, base = requireTestDatabaseUrl(), user?: string): string {
  const url = new URL(withSearchPath(base, schema));
  if (user !== undefined) {
    url.username = user;
    url.password = '';
  }
  return url.toString();
}

export function requireTestDatabaseUrl(): string {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  return TEST_DATABASE_URL;
}

let admin: pg.Pool | undefined;

/** A superuser connection to the test database (creating and dropping schemas and roles, tampering). */
export function adminPool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: requireTestDatabaseUrl(), max: 2, allowExitOnIdle: true });
  return admin;
}

export async function closeAdminPool(): Promise<void> {
  const pool = admin;
  admin = undefined;
  await pool?.end();
}

/** A fresh empty schema for one log; `drop()` removes it with everything in it. */
export interface TestSchema {
  schema: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestSchema(): Promise<TestSchema> {
  counter += 1;
  const schema = `${RUN}_${counter}`;
  await adminPool().query(`CREATE SCHEMA ${schema}`);
  return {
    schema,
    url: urlForSchema(schema),
    drop: async () => {
      await adminPool().query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

/** A login role of this run (cluster-wide, so named per run); `drop()` revokes what it holds and removes it. */
export async function createTestRole(suffix: string): Promise<{ role: string; drop(): Promise<void> }> {
  const role = `${RUN}_${suffix}`;
  await adminPool().query(`CREATE ROLE ${role} LOGIN`);
  return {
    role,
    drop: async () => {
      await adminPool().query(`DROP OWNED BY ${role}`);
      await adminPool().query(`DROP ROLE IF EXISTS ${role}`);
    },
  };
}
