import type { ReactNode } from 'react';
import { labelName } from '../text/dutch';
import { pathKey, useExplanations } from './Explanations';

/**
 * One fact in a data list. When the gateway withheld it for the purpose, the reason is
 * shown in its place: "niet zichtbaar voor doel <purpose>", with the kind of data.
 */
export function Fact({ term, path, children }: { term: string; path: ReadonlyArray<string | number>; children: ReactNode }) {
  const { redacted } = useExplanations();
  const withheld = redacted.get(pathKey(path));
  return (
    <div className="utrecht-data-list__item">
      <dt className="utrecht-data-list__item-key">{term}</dt>
      <dd className="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{withheld ? <Withheld label={withheld.label} purpose={withheld.purpose} /> : children}</dd>
    </div>
  );
}

export function Withheld({ label, purpose }: { label: string; purpose: string }) {
  return (
    <span className="app-withheld">
      niet zichtbaar voor doel {purpose} <span className="app-withheld__label">(soort gegevens: {labelName(label)})</span>
    </span>
  );
}

/** The explanation when `path` was withheld, else null: for whole sections (a list, an object). */
export function useWithheld(path: ReadonlyArray<string | number>): ReactNode {
  const { redacted } = useExplanations();
  const withheld = redacted.get(pathKey(path));
  return withheld ? <Withheld label={withheld.label} purpose={withheld.purpose} /> : null;
}

export function Facts({ children }: { children: ReactNode }) {
  return <dl className="utrecht-data-list utrecht-data-list--rows">{children}</dl>;
}

/** "—" for a value the agency does not have. */
export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

export function yesNo(value: boolean | null | undefined): string {
  return value === null || value === undefined ? '—' : value ? 'ja' : 'nee';
}
