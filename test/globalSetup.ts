import { ensureWebBuild } from '../scripts/supervisor/webBuild';

/**
 * Once before all test files: builds the apps (web/) when their build is missing or older
 * than their sources, so the browser tests and `npm start`'s test see the current apps
 * (a fresh clone has no build).
 */
export default async function globalSetup(): Promise<void> {
  if (await ensureWebBuild()) process.stderr.write('\nglobalSetup: built the apps (web/dist)\n');
}
