import { ensureWebBuild } from '../scripts/supervisor/webBuild';

/**
 * Once before all test files: builds the apps (web/) when their build is missing or older
 * than their sources, so the browser tests and `npm start`'s test see the current apps
 * (a fresh clone has no build); says so when the PostgreSQL suites will be skipped.
 */
export default async function globalSetup(): Promise<void> {
  if (await ensureWebBuild()) process.stderr.write('\nglobalSetup: built the apps (web/dist)\n');
  // The one line for a machine without PostgreSQL (test/harness/postgresTestDatabase.ts).
  if (!process.env.TEST_DATABASE_URL) process.stderr.write('\nglobalSetup: PostgreSQL suites skipped: TEST_DATABASE_URL is not set (.ci/run sets postgres://postgres@127.0.0.1:5432/test)\n');
}
