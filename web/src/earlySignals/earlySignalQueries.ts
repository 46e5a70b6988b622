/** The early-signal worker's questions to the gateway (subgraphs/inkomen/schema.graphql), purpose vroegsignalering. */

export const EARLY_SIGNAL_PURPOSE = 'vroegsignalering';

export const PAGE_SIZE = 20;

export const EARLY_SIGNALS = `query Vroegsignalen($first: Int, $after: String) {
  earlySignals(first: $first, after: $after) {
    nextCursor
    signals { id name address { street houseNumber postalCode city } arrears { creditorKind months amount } }
  }
}`;

export const RECORD_OUTREACH = `mutation UitkomstContact($id: ID!, $outcome: OutreachOutcome!) {
  recordOutreach(signalId: $id, outcome: $outcome) { signalId outcome recordedAt }
}`;

type Maybe<T> = T | null;

export interface EarlySignal {
  id: Maybe<string>;
  name: Maybe<string>;
  address: Maybe<{ street: Maybe<string>; houseNumber: Maybe<string>; postalCode: Maybe<string>; city: Maybe<string> }>;
  arrears: Maybe<Array<{ creditorKind: Maybe<string>; months: Maybe<number>; amount: Maybe<number> }>>;
}

export interface EarlySignalsAnswer {
  earlySignals: Maybe<{ nextCursor: Maybe<string>; signals: Maybe<EarlySignal[]> }>;
}

export interface OutreachAnswer {
  recordOutreach: Maybe<{ signalId: Maybe<string>; outcome: Maybe<string>; recordedAt: Maybe<string> }>;
}

/** The outcomes of an outreach, as the API names them and as the worker reads them. */
export const OUTREACH_OUTCOMES: ReadonlyArray<[string, string]> = [
  ['CONTACT_GEMAAKT', 'Contact gemaakt, hulp aangeboden'],
  ['HULP_AFGEWEZEN', 'Contact gemaakt, hulp afgewezen'],
  ['GEEN_CONTACT', 'Geen contact gekregen'],
];

export const CREDITOR_KINDS: Readonly<Record<string, string>> = {
  HUUR: 'Huur (woningcorporatie)',
  ENERGIE: 'Energie',
  WATER: 'Water',
  ZORGVERZEKERING: 'Zorgverzekering',
};
