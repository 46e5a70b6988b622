import { useGatewayQuery } from '../api/useGatewayQuery';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { GatewayRefusal } from '../ui/GatewayRefusal';
import { Loading } from '../ui/Loading';
import { AUDIT_CHAIN, OVERSIGHT_PURPOSE, type AuditChainAnswer } from './auditQueries';

/** The hash chain's state, with a button that walks it again. */
export function ChainStatus() {
  const [state, reload] = useGatewayQuery<AuditChainAnswer>(AUDIT_CHAIN, OVERSIGHT_PURPOSE, undefined, 'chain');
  let body;
  if (state.status === 'loading') body = <Loading what="De controle van het logboek" />;
  else if (state.status === 'failed') body = <Alert type="error">{state.message}</Alert>;
  else if (!state.answer.data?.auditChain) body = <GatewayRefusal errors={state.answer.errors} />;
  else {
    const chain = state.answer.data.auditChain;
    body = (
      <>
        {chain.verified ? (
          <Alert type="ok" heading="Het logboek is onveranderd">
            <p className="utrecht-paragraph">Alle {chain.records} records kloppen en sluiten op elkaar aan.</p>
          </Alert>
        ) : (
          <Alert type="error" heading="Het logboek is aangetast">
            <p className="utrecht-paragraph">
              Record {chain.firstBrokenSeq ?? '?'} klopt niet: <span lang="en">{chain.reason}</span>
            </p>
          </Alert>
        )}
        <dl className="utrecht-data-list utrecht-data-list--rows">
          <div className="utrecht-data-list__item">
            <dt className="utrecht-data-list__item-key">Gecontroleerde records</dt>
            <dd className="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd" data-testid="chain-records">
              {chain.records}
            </dd>
          </div>
          <div className="utrecht-data-list__item">
            <dt className="utrecht-data-list__item-key">Laatste hash (bewaar deze elders)</dt>
            <dd className="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd app-hash">{chain.lastHash ?? '—'}</dd>
          </div>
        </dl>
      </>
    );
  }
  return (
    <section aria-labelledby="chain-heading" className="app-section">
      <h2 id="chain-heading" className="utrecht-heading-2">
        Controle van het logboek
      </h2>
      <div aria-live="polite">{body}</div>
      <Button appearance="secondary-action" onClick={reload} disabled={state.status === 'loading'}>
        Opnieuw controleren
      </Button>
    </section>
  );
}
