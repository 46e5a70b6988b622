/**
 * `npm run build:web`: builds the apps for people (web/) into web/dist, which the gateway
 * serves at `/`. `npm start` and `npm test` do this themselves when the build is stale.
 */
import { buildWeb } from './supervisor/webBuild';

buildWeb().then(
  () => process.stdout.write('web/dist built\n'),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
