/**
 * The Dutch words the apps show for the gateway's ids (agencies, roles, purposes, data
 * labels, enum values) and the Dutch number and date formats. Ids the apps do not know
 * are shown as they are, never hidden.
 */

/** Data labels (docs/domain.md, "Labels") as categories a person understands. */
export const LABEL_NAMES: Readonly<Record<string, string>> = {
  id: 'kenmerken',
  identity: 'naam en geboortedatum',
  address: 'adres',
  household: 'samenstelling van het huishouden',
  involvement: 'betrokken organisaties',
  case: 'regie: wie de hulp coördineert',
  housing: 'wonen',
  'financial-summary': 'financieel overzicht',
  'financial-detail': 'financiële details',
  'safety-flag': 'veiligheidssignaal',
  'special-safety': 'bijzondere gegevens over veiligheid',
  'special-health': 'bijzondere gegevens over jeugdzorg en gezondheid',
  audit: 'toegangsgegevens',
  blockage: 'waar besluiten van organisaties elkaar blokkeren',
  'early-signal': 'een signaal van betalingsachterstanden (naam, adres, soort schuldeiser, maanden en bedrag)',
};

/** Agencies (subgraph names) as the names on their cards. */
export const AGENCY_NAMES: Readonly<Record<string, string>> = {
  gemeente: 'Gemeente',
  schuldhulp: 'Schuldhulpverlening',
  wonen: 'Wonen',
  veiligthuis: 'Veilig Thuis',
  jeugdzorg: 'Jeugdzorg',
  inkomen: 'Inkomen',
  audit: 'Toegangslogboek',
};

/** Organisations in a sentence for citizens: "… van de gemeente". */
export const ORGANISATION_PHRASES: Readonly<Record<string, string>> = {
  gemeente: 'de gemeente',
  schuldhulp: 'de schuldhulpverlening',
  wonen: 'de woningcorporatie',
  veiligthuis: 'Veilig Thuis',
  jeugdzorg: 'de jeugdzorg',
  inkomen: 'de afdeling inkomen',
};

export const ROLE_NAMES: Readonly<Record<string, string>> = {
  regisseur: 'regisseur van het sociaal team',
  schuldhulpverlener: 'schuldhulpverlener',
  woonconsulent: 'woonconsulent',
  jeugdbeschermer: 'jeugdbeschermer',
  'veiligthuis-medewerker': 'medewerker van Veilig Thuis',
  'privacy-officer': 'privacy-officer',
  vroegsignaleerder: 'medewerker vroegsignalering van schulden',
  burger: 'inwoner',
};

/** Why a purpose is used, in plain words (B1), finishing "… om …". */
export const PURPOSE_REASONS: Readonly<Record<string, string>> = {
  regie: 'de hulp aan uw huishouden te regelen en op elkaar af te stemmen',
  schuldhulp: 'u te helpen met uw schulden',
  woonurgentie: 'te beslissen over een aanvraag voor voorrang op een woning',
  jeugdbescherming: 'kinderen in uw gezin te beschermen',
  veiligheid: 'de veiligheid in uw huis te beoordelen en te herstellen',
  toezicht: 'te controleren of uw gegevens goed gebruikt worden',
  vroegsignalering: 'u hulp aan te bieden, omdat schuldeisers betalingsachterstanden meldden',
  inzage: 'u te laten zien wie uw gegevens heeft bekeken',
};

/** The purposes a privacy officer filters on (policies/policy.yaml). */
export const KNOWN_PURPOSES = ['regie', 'schuldhulp', 'woonurgentie', 'jeugdbescherming', 'veiligheid', 'vroegsignalering', 'toezicht', 'inzage'] as const;

export const OUTCOME_NAMES: Readonly<Record<string, string>> = {
  OK: 'volledig beantwoord',
  PARTIAL: 'deels afgeschermd',
  FORBIDDEN: 'geweigerd',
  UNAUTHENTICATED: 'niet aangemeld',
  ERROR: 'mislukt',
  BREAK_GLASS: 'spoedtoegang (break-glass)',
};

export function labelName(label: string): string {
  return LABEL_NAMES[label] ?? label;
}

export function agencyName(agency: string): string {
  return AGENCY_NAMES[agency] ?? agency;
}

export function roleName(role: string | null | undefined): string {
  return role ? (ROLE_NAMES[role] ?? role) : 'onbekend';
}

/** An enum value (AFGEWEZEN, IN_BEHANDELING) as lower-case words. */
export function enumText(value: string | null | undefined): string {
  return value ? value.toLowerCase().replace(/_/g, ' ') : '—';
}

const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
export function money(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : euro.format(value);
}

const dateFormat = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });
const timeFormat = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });

function parse(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function dateText(value: string | null | undefined): string {
  const date = parse(value);
  return date ? dateFormat.format(date) : (value ?? '—');
}

export function dateTimeText(value: string | null | undefined): string {
  const date = parse(value);
  return date ? dateTimeFormat.format(date) : (value ?? '—');
}

export function timeText(value: string | null | undefined): string {
  const date = parse(value);
  return date ? timeFormat.format(date) : '';
}
