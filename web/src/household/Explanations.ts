import { createContext, useContext } from 'react';
import type { GatewayError } from '../api/gatewayClient';

/** Why a field is empty: withheld for the purpose (FORBIDDEN_FIELD), or its agency did not answer. */
export interface Explanations {
  /** FORBIDDEN_FIELD by response path ("household.members.0.debtCase.creditors"): label and purpose. */
  redacted: ReadonlyMap<string, { label: string; purpose: string }>;
  /** Agencies that did not answer (AGENCY_UNAVAILABLE). */
  unavailable: ReadonlySet<string>;
}

export function pathKey(path: ReadonlyArray<string | number>): string {
  return path.join('.');
}

export function explain(errors: readonly GatewayError[]): Explanations {
  const redacted = new Map<string, { label: string; purpose: string }>();
  const unavailable = new Set<string>();
  for (const error of errors) {
    const { code, label, purpose, agency } = error.extensions ?? {};
    const path = error.path ?? error.extensions?.path;
    if (code === 'FORBIDDEN_FIELD' && path && label && purpose) redacted.set(pathKey(path), { label, purpose });
    if (code === 'AGENCY_UNAVAILABLE' && agency) unavailable.add(agency);
  }
  return { redacted, unavailable };
}

export const ExplanationsContext = createContext<Explanations>({ redacted: new Map(), unavailable: new Set() });

export function useExplanations(): Explanations {
  return useContext(ExplanationsContext);
}
