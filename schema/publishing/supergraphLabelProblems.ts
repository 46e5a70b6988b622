import { parse } from 'graphql';
import { fieldLabels } from '../readLabelMap';
import type { CheckProblem } from './CheckReport';

/**
 * Labels must survive composition: a field that reaches the supergraph without its label
 * would be withheld from everyone (deny by default), and one with two labels could be
 * read under either. Each agency's own schema passed the label check; this catches what
 * composition did to them (a missing `@composeDirective`, two agencies labelling a shared
 * field differently).
 */
export function supergraphLabelProblems(supergraphSdl: string, agency: string): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const { type, field, categories } of fieldLabels(parse(supergraphSdl))) {
    const coordinate = `${type}.${field}`;
    if (categories.length === 0) {
      problems.push({
        agency,
        code: 'LABEL_NOT_COMPOSED',
        coordinate,
        message: `${coordinate} reaches the supergraph without a label; the schema must @link the label spec and declare @composeDirective(name: "@label") (docs/publishing-a-subgraph.md).`,
      });
    } else if (new Set(categories).size > 1) {
      problems.push({
        agency,
        code: 'LABEL_CONFLICT',
        coordinate,
        message: `${coordinate} is labelled ${[...new Set(categories)].map((c) => `"${c}"`).join(' and ')} by different subgraphs; give it the same label everywhere it is defined.`,
      });
    }
  }
  return problems;
}
