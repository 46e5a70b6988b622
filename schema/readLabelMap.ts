import { Kind, parse, type DocumentNode, type FieldDefinitionNode, type StringValueNode } from 'graphql';

/** `Type.field` → label, as written with `@label(category: ...)` (docs/domain.md, Labels). */
export type LabelMap = ReadonlyMap<string, string>;

export interface FieldLabel {
  type: string;
  field: string;
  /** Every `@label` category on the field; exactly one is valid. */
  categories: string[];
}

// Types the federation machinery adds; they carry no agency data.
const MACHINERY = /^(join__|link__|_Service$|_Entity$|_Any$|__)/;

function categoriesOf(field: FieldDefinitionNode): string[] {
  return (field.directives ?? [])
    .filter((d) => d.name.value === 'label')
    .map((d) => {
      const arg = d.arguments?.find((a) => a.name.value === 'category');
      return arg?.value.kind === Kind.STRING ? (arg.value as StringValueNode).value : '';
    });
}

/** Every field of every object type in a (sub- or super-)graph document, with its labels. */
export function fieldLabels(document: DocumentNode): FieldLabel[] {
  const result: FieldLabel[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const type = definition.name.value;
    if (MACHINERY.test(type)) continue;
    for (const field of definition.fields ?? []) {
      if (field.name.value.startsWith('_')) continue; // _entities, _service
      result.push({ type, field: field.name.value, categories: categoriesOf(field) });
    }
  }
  return result;
}

export function readLabelMap(supergraphSdl: string): LabelMap {
  const labels = new Map<string, string>();
  for (const { type, field, categories } of fieldLabels(parse(supergraphSdl))) {
    if (categories.length === 1) labels.set(`${type}.${field}`, categories[0]!);
  }
  return labels;
}
