import fs from 'node:fs';
import { composeSupergraph } from '../schema/composeSupergraph';
import { registrySources } from './harness/registrySources';
import { SUBGRAPH_CHECKS } from '../schema/subgraphChecks';
import { SUPERGRAPH_FILE } from '../schema/supergraphFile';

test('the committed schema/supergraph.graphql is what `npm run compose` makes of the current schemas', () => {
  const composed = composeSupergraph(registrySources(), { checks: SUBGRAPH_CHECKS });
  // If this fails: run `npm run compose` and commit schema/supergraph.graphql.
  expect(fs.readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composed);
});
