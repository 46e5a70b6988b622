import { useGatewayQuery } from '../api/useGatewayQuery';
import { dateTimeText, roleName } from '../text/dutch';
import { Alert } from '../ui/Alert';
import { GatewayRefusal } from '../ui/GatewayRefusal';
import { Loading } from '../ui/Loading';
import { OVERSIGHT_PURPOSE, UNUSUAL_ACCESS, type UnusualAccessAnswer } from './auditQueries';
import { BreakGlassReviewForm } from './BreakGlassReviewForm';

const KIND_NAMES: Readonly<Record<string, string>> = {
  BREAK_GLASS: 'Spoedtoegang (break-glass)',
  REFUSED_ATTEMPTS: 'Geweigerde pogingen',
  MANY_HOUSEHOLDS: 'Veel huishoudens in korte tijd',
  OUTSIDE_OFFICE_HOURS: 'Buiten kantoortijd',
};

/** Patterns worth a look (last 30 days): prompts for a review, never verdicts. */
export function UnusualAccessList() {
  const [state, reload] = useGatewayQuery<UnusualAccessAnswer>(UNUSUAL_ACCESS, OVERSIGHT_PURPOSE, undefined, 'unusual');
  let body;
  if (state.status === 'loading') body = <Loading what="Opvallende toegang" />;
  else if (state.status === 'failed') body = <Alert type="error">{state.message}</Alert>;
  else if (!state.answer.data?.unusualAccess) body = <GatewayRefusal errors={state.answer.errors} />;
  else if (state.answer.data.unusualAccess.length === 0) body = <p className="utrecht-paragraph">Niets opvallends in de afgelopen 30 dagen.</p>;
  else
    body = (
      <ul className="utrecht-unordered-list app-unusual-list">
        {state.answer.data.unusualAccess.map((finding, index) => (
          <li key={index} className="utrecht-unordered-list__item">
            <strong>{KIND_NAMES[finding.kind ?? ''] ?? finding.kind}</strong>: {finding.actor?.sub ?? 'niet aangemeld'}
            {finding.actor?.role && ` (${roleName(finding.actor.role)}, ${finding.actor.org})`}, {dateTimeText(finding.firstAt)} tot {dateTimeText(finding.lastAt)}.{' '}
            <span lang="en">{finding.explanation}</span>
            {finding.kind === 'BREAK_GLASS' && (
              <>
                {' '}
                Reden: “{finding.justification}”.{' '}
                {finding.review ? `Beoordeeld: ${finding.review.verdict === 'JUSTIFIED' ? 'terecht' : 'niet terecht'} (${finding.review.note}).` : 'Nog niet beoordeeld.'}
                {!finding.review && typeof finding.recordSeq === 'number' && <BreakGlassReviewForm recordSeq={finding.recordSeq} onReviewed={reload} />}
              </>
            )}
          </li>
        ))}
      </ul>
    );
  return (
    <section aria-labelledby="unusual-heading" className="app-section">
      <h2 id="unusual-heading" className="utrecht-heading-2">
        Opvallende toegang
      </h2>
      <p className="utrecht-paragraph app-muted">Een aanleiding om te kijken, geen oordeel.</p>
      {body}
    </section>
  );
}
