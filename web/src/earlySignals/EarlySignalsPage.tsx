import { useState } from 'react';
import { useGatewayQuery } from '../api/useGatewayQuery';
import { money } from '../text/dutch';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { GatewayRefusal } from '../ui/GatewayRefusal';
import { Loading } from '../ui/Loading';
import { PageHeading } from '../ui/PageHeading';
import { CREDITOR_KINDS, EARLY_SIGNALS, EARLY_SIGNAL_PURPOSE, PAGE_SIZE, type EarlySignal, type EarlySignalsAnswer } from './earlySignalQueries';
import { OutreachForm } from './OutreachForm';

function SignalCard({ signal, onRecorded }: { signal: EarlySignal; onRecorded: (text: string) => void }) {
  const name = signal.name ?? signal.id ?? '—';
  const address = signal.address;
  return (
    <li className="app-card" data-signal={signal.id ?? ''}>
      <h2 className="utrecht-heading-3">
        {name} <span className="app-muted">({signal.id})</span>
      </h2>
      <p className="utrecht-paragraph">
        {address ? `${address.street ?? ''} ${address.houseNumber ?? ''}, ${address.postalCode ?? ''} ${address.city ?? ''}` : 'Geen adres gemeld'}
      </p>
      <div className="utrecht-table-container utrecht-table-container--overflow-inline" role="region" aria-label={`Achterstanden van ${name}, scrollbaar`} tabIndex={0}>
        <table className="utrecht-table utrecht-table--html-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">Schuldeiser</th>
              <th className="utrecht-table__header-cell" scope="col">Achterstand</th>
              <th className="utrecht-table__header-cell" scope="col">Bedrag</th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {(signal.arrears ?? []).map((arrear, index) => (
              <tr key={index} className="utrecht-table__row">
                <td className="utrecht-table__cell">{CREDITOR_KINDS[arrear.creditorKind ?? ''] ?? arrear.creditorKind}</td>
                <td className="utrecht-table__cell">{arrear.months} maanden</td>
                <td className="utrecht-table__cell">{money(arrear.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {signal.id && <OutreachForm signalId={signal.id} name={name} onRecorded={onRecorded} />}
    </li>
  );
}

/**
 * `/signalen`: the early-signal worker's queue (purpose vroegsignalering, Wgs art. 3). Per
 * signal only what the signal is — person, contact address, creditor kind, months, amount —
 * and the outcome of the outreach to record; nothing else of the household.
 */
export function EarlySignalsPage() {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [notice, setNotice] = useState<string | null>(null);
  const after = cursors[cursors.length - 1] ?? null;
  const [state, reload] = useGatewayQuery<EarlySignalsAnswer>(EARLY_SIGNALS, EARLY_SIGNAL_PURPOSE, { first: PAGE_SIZE, after }, String(after));
  const recorded = (text: string) => {
    setNotice(text);
    reload();
  };

  let body;
  if (state.status === 'loading') body = <Loading what="De signalen" />;
  else if (state.status === 'failed') body = <Alert type="error">{state.message}</Alert>;
  else if (!state.answer.data?.earlySignals) body = <GatewayRefusal errors={state.answer.errors} />;
  else {
    const { signals, nextCursor } = state.answer.data.earlySignals;
    body = (
      <>
        {(signals ?? []).length === 0 ? (
          <p className="utrecht-paragraph">Er zijn geen open signalen.</p>
        ) : (
          <ol className="app-looks">
            {(signals ?? []).map((signal) => (
              <SignalCard key={signal.id} signal={signal} onRecorded={recorded} />
            ))}
          </ol>
        )}
        <nav aria-label="Paginering" className="app-paging">
          <Button appearance="secondary-action" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Vorige pagina
          </Button>
          <span>Pagina {cursors.length}</span>
          <Button appearance="secondary-action" disabled={!nextCursor} onClick={() => setCursors((c) => [...c, nextCursor])}>
            Volgende pagina
          </Button>
        </nav>
      </>
    );
  }
  return (
    <>
      <PageHeading title="Vroegsignalen">Vroegsignalen</PageHeading>
      <p className="utrecht-paragraph">
        Meldingen van betalingsachterstanden door schuldeisers (Wet gemeentelijke schuldhulpverlening, artikel 3). Neem contact op en leg de uitkomst vast;
        een signaal zonder uitkomst vervalt na de wettelijke termijn. U ziet alleen wat het signaal zelf is.
      </p>
      {notice && <Alert type="ok">{notice}</Alert>}
      {body}
    </>
  );
}
