import type { DocumentNode } from 'graphql';
import type { CompositionProblem } from './CompositionError';
import { fieldLabels } from './readLabelMap';

/**
 * Every field of every subgraph must carry exactly one known label (docs/domain.md, Labels);
 * an unlabelled field could never be granted or, worse, slip through (deny by default).
 */
export function checkLabels(agency: string, document: DocumentNode, knownLabels: ReadonlySet<string>): CompositionProblem[] {
  const problems: CompositionProblem[] = [];
  const problem = (reason: string) => problems.push({ agencies: [agency], code: 'FIELD_LABEL_INVALID', reason });
  for (const { type, field, categories } of fieldLabels(document)) {
    const name = `${type}.${field}`;
    if (categories.length === 0) problem(`Field ${name} has no @label; add @label(category: "...") with one of: ${[...knownLabels].join(', ')}`);
    else if (categories.length > 1) problem(`Field ${name} has ${categories.length} @label directives; keep exactly one`);
    else if (!knownLabels.has(categories[0]!)) problem(`Field ${name} has unknown label "${categories[0]}"; use one of: ${[...knownLabels].join(', ')}`);
  }
  return problems;
}
