import { useGatewayQuery } from '../api/useGatewayQuery';
import { Alert } from '../ui/Alert';
import { GatewayRefusal } from '../ui/GatewayRefusal';
import { Loading } from '../ui/Loading';
import { PageHeading } from '../ui/PageHeading';
import { describeAccess, type CitizenAccess } from './describeAccess';
import { groupLooks } from './groupLooks';
import { timeText } from '../text/dutch';

const MY_ACCESS_LOG = `query MijnInzage { myAccessLog { at org role purpose processingActivity legalBasis labels breakGlass } }`;

function Looks({ looks }: { looks: readonly CitizenAccess[] }) {
  if (looks.length === 0) return <p className="utrecht-paragraph">Niemand heeft uw gegevens bekeken.</p>;
  return (
    <ol className="app-looks">
      {groupLooks(looks).map(({ first: look, earliestAt, count }, index) => {
        const text = describeAccess(look);
        return (
          <li key={index} className="app-card">
            <h2 className="utrecht-heading-3">
              {text.when}
              {count > 1 && ` (${count} keer, vanaf ${timeText(earliestAt)})`}
            </h2>
            <dl className="utrecht-data-list utrecht-data-list--rows">
              <div className="utrecht-data-list__item">
                <dt className="utrecht-data-list__item-key">Wie</dt>
                <dd className="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{text.who}</dd>
              </div>
              <div className="utrecht-data-list__item">
                <dt className="utrecht-data-list__item-key">Waarom</dt>
                <dd className="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{text.why}</dd>
              </div>
              <div className="utrecht-data-list__item">
                <dt className="utrecht-data-list__item-key">Welke gegevens</dt>
                <dd className="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
                  <ul className="utrecht-unordered-list">
                    {text.kinds.map((kind) => (
                      <li key={kind} className="utrecht-unordered-list__item">
                        {kind}
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
              {text.emergency && (
                <div className="utrecht-data-list__item">
                  <dt className="utrecht-data-list__item-key">Spoed</dt>
                  <dd className="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{text.emergency}</dd>
                </div>
              )}
              {look.legalBasis && (
                <div className="utrecht-data-list__item">
                  <dt className="utrecht-data-list__item-key">Wet</dt>
                  <dd className="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{look.legalBasis}</dd>
                </div>
              )}
            </dl>
          </li>
        );
      })}
    </ol>
  );
}

/** `/mijn-gegevens`: a citizen sees who looked at their data (purpose inzage, GDPR art. 15). */
export function CitizenPage() {
  const [state] = useGatewayQuery<{ myAccessLog: CitizenAccess[] | null }>(MY_ACCESS_LOG, 'inzage', undefined, 'mine');
  let body;
  if (state.status === 'loading') body = <Loading what="De gegevens" />;
  else if (state.status === 'failed') body = <Alert type="error">{state.message}</Alert>;
  else if (!state.answer.data?.myAccessLog) body = <GatewayRefusal errors={state.answer.errors} />;
  else body = <Looks looks={[...state.answer.data.myAccessLog].sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''))} />;
  return (
    <>
      <PageHeading title="Mijn gegevens">Wie heeft mijn gegevens bekeken?</PageHeading>
      <p className="utrecht-paragraph">
        Hier ziet u wanneer een organisatie uw gegevens heeft bekeken, waarom, en welke soort gegevens. U ziet de organisatie en de rol van de medewerker, niet
        zijn of haar naam.
      </p>
      {body}
      <p className="utrecht-paragraph">Klopt er iets niet? Neem contact op met de functionaris gegevensbescherming van uw gemeente.</p>
    </>
  );
}
