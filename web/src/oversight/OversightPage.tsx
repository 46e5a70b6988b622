import { useState } from 'react';
import { SessionEndedError } from '../api/gatewayClient';
import { useGatewayQuery } from '../api/useGatewayQuery';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { GatewayRefusal } from '../ui/GatewayRefusal';
import { Loading } from '../ui/Loading';
import { PageHeading } from '../ui/PageHeading';
import { AccessLogFilters } from './AccessLogFilters';
import { AccessLogTable } from './AccessLogTable';
import { ACCESS_LOG, EMPTY_FILTER, OVERSIGHT_PURPOSE, toApiFilter, type AccessLogFilterInput, type AccessLogPage, type AuditRecord } from './auditQueries';
import { download, fetchFilteredLog, toCsv } from './accessLogCsv';
import { ChainStatus } from './ChainStatus';
import { RecordDetail } from './RecordDetail';
import { UnusualAccessList } from './UnusualAccessList';

const PAGE_SIZE = 20;

function Export({ filter }: { filter: Record<string, string> }) {
  const [status, setStatus] = useState<string | null>(null);
  const run = async () => {
    setStatus('Het logboek wordt opgehaald…');
    try {
      const { records, complete, errors } = await fetchFilteredLog(filter);
      if (errors.length > 0) return setStatus(`Exporteren lukte niet: ${errors[0]}`);
      download(`toegangslogboek-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(records));
      setStatus(`${records.length} records geëxporteerd${complete ? '' : ' (afgekapt: verfijn de filters voor de rest)'}.`);
    } catch (err) {
      if (!(err instanceof SessionEndedError)) setStatus(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div className="app-export">
      <Button appearance="secondary-action" onClick={() => void run()}>
        Exporteer als CSV
      </Button>
      <span role="status" className="app-muted">
        {status}
      </span>
    </div>
  );
}

function AccessLog() {
  const [filter, setFilter] = useState<Record<string, string>>(toApiFilter(EMPTY_FILTER));
  // The cursors of the pages before this one, to go back.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [open, setOpen] = useState<AuditRecord | null>(null);
  const after = cursors[cursors.length - 1] ?? null;
  const [state] = useGatewayQuery<AccessLogPage>(ACCESS_LOG, OVERSIGHT_PURPOSE, { filter, first: PAGE_SIZE, after }, JSON.stringify([filter, after]));

  const apply = (input: AccessLogFilterInput) => {
    setFilter(toApiFilter(input));
    setCursors([null]);
    setOpen(null);
  };

  let body;
  if (state.status === 'loading') body = <Loading what="De records" />;
  else if (state.status === 'failed') body = <Alert type="error">{state.message}</Alert>;
  else if (!state.answer.data?.accessLog) body = <GatewayRefusal errors={state.answer.errors} />;
  else {
    const log = state.answer.data.accessLog;
    const records = (log.edges ?? []).flatMap((edge) => (edge.node ? [edge.node] : []));
    body = (
      <>
        <AccessLogTable records={records} onOpen={setOpen} />
        <nav aria-label="Paginering" className="app-paging">
          <Button appearance="secondary-action" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Vorige pagina
          </Button>
          <span>Pagina {cursors.length}</span>
          <Button appearance="secondary-action" disabled={!log.pageInfo.hasNextPage} onClick={() => setCursors((c) => [...c, log.pageInfo.endCursor])}>
            Volgende pagina
          </Button>
        </nav>
      </>
    );
  }
  return (
    <section aria-labelledby="log-heading" className="app-section">
      <h2 id="log-heading" className="utrecht-heading-2">
        Toegangslogboek
      </h2>
      <AccessLogFilters onApply={apply} />
      <Export filter={filter} />
      {body}
      {open && <RecordDetail record={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

/** `/toezicht`: the privacy officer's console (purpose toezicht). */
export function OversightPage() {
  return (
    <>
      <PageHeading title="Toezicht">Toezicht op gegevensgebruik</PageHeading>
      <p className="utrecht-paragraph">Wie heeft welke gegevens bekeken, waarom, en is het logboek onveranderd?</p>
      <ChainStatus />
      <UnusualAccessList />
      <AccessLog />
    </>
  );
}
