import { LABEL_NAMES, ORGANISATION_PHRASES, PURPOSE_REASONS, dateText, labelName, roleName, timeText } from '../text/dutch';

export interface CitizenAccess {
  at: string | null;
  org: string | null;
  role: string | null;
  purpose: string | null;
  processingActivity: string | null;
  legalBasis: string | null;
  labels: string[] | null;
  /** Opened by emergency access (break-glass), without an existing relation. */
  breakGlass?: boolean | null;
}

const ORDER = Object.keys(LABEL_NAMES);

/** The categories a citizen recognises, in a fixed order; `id` (technical keys) tells them nothing. */
function categories(labels: readonly string[] | null): string[] {
  const rank = (label: string) => (ORDER.includes(label) ? ORDER.indexOf(label) : ORDER.length);
  return [...new Set(labels ?? [])].filter((label) => label !== 'id').sort((a, b) => rank(a) - rank(b)).map(labelName);
}

/**
 * One look at a citizen's data, in plain Dutch (B1): when, which organisation and role,
 * why, which kinds of data. Never who: the API does not give the professional's identity.
 */
export function describeAccess(access: CitizenAccess): { when: string; who: string; why: string; kinds: string[]; emergency: string | null } {
  const organisation = access.org ? (ORGANISATION_PHRASES[access.org] ?? access.org) : 'een organisatie';
  const kinds = categories(access.labels);
  const time = timeText(access.at);
  return {
    when: `${dateText(access.at)}${time ? ` om ${time}` : ''}`,
    who: `Een ${roleName(access.role)} van ${organisation}.`,
    why: access.purpose && PURPOSE_REASONS[access.purpose] ? `Om ${PURPOSE_REASONS[access.purpose]}.` : `Voor het doel ${access.purpose ?? 'onbekend'}.`,
    kinds: kinds.length > 0 ? kinds : ['alleen kenmerken (nummers), geen andere gegevens'],
    emergency: access.breakGlass
      ? 'Dit was een spoedtoegang: de medewerker werkte nog niet met u, maar er was acuut gevaar. Dat mag alleen met een schriftelijke reden, de toegang duurt hoogstens 24 uur, en de functionaris gegevensbescherming controleert elke spoedtoegang.'
      : null,
  };
}
