import { loadPolicy } from '../policies/loadPolicy';
import { checkLabels } from './checkLabels';
import type { SubgraphCheck } from './composeSupergraph';

let knownLabels: ReadonlySet<string> | undefined;

/** Labels are the policy's vocabulary: a label the policy does not define grants nothing. Read once. */
const labelCheck: SubgraphCheck = ({ name, document }) =>
  checkLabels(name, document, (knownLabels ??= new Set(loadPolicy().labels.keys())));

/**
 * The project's own rules for agency schemas, run by `npm run compose`, `npm start` and
 * the test harness before Apollo composes.
 */
export const SUBGRAPH_CHECKS: readonly SubgraphCheck[] = [labelCheck];
