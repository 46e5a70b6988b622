import type { AuditField } from './AuditRecord';

/** A subject row's labels; an edited, unparsable value keeps a marker so the chain check exposes it. */
export function labelList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    if (Array.isArray(value) && value.every((l) => typeof l === 'string')) return value as string[];
  } catch {
    // fall through
  }
  return ['(unreadable)'];
}

/** Format 1 records kept no labels per subject: their citizens see the request's labels. */
export function labelsOf(fieldsJson: string | null): string[] {
  let fields: unknown;
  try {
    fields = JSON.parse(fieldsJson ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(fields)) return [];
  const labels = new Set<string>();
  for (const field of fields as Array<Partial<AuditField>>) if (typeof field?.label === 'string') labels.add(field.label);
  return [...labels].sort();
}
