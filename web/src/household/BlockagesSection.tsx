import { agencyName, dateText } from '../text/dutch';
import type { Blockage } from './householdQuery';

/**
 * Where the agencies' decisions keep the household in place, when the gateway found any for
 * this purpose: it leads the page. Each chain with its plain-Dutch explanation, the steps per
 * agency and who could break it. A prompt to talk, never a score or a decision (docs/domain.md).
 * Nothing is shown when there is none, or when the purpose may not see it.
 */
export function BlockagesSection({ blockages }: { blockages: readonly Blockage[] | null | undefined }) {
  if (!blockages || blockages.length === 0) return null;
  return (
    <section className="app-card app-blockages" aria-labelledby="blockages-heading">
      <h2 id="blockages-heading" className="utrecht-heading-2 app-card__heading">
        Waar de besluiten elkaar blokkeren
      </h2>
      {blockages.map((blockage, index) => (
        <div key={blockage.rule ?? index} className="app-blockage">
          <p className="utrecht-paragraph">{blockage.explanation}</p>
          <ol className="utrecht-ordered-list">
            {(blockage.steps ?? []).map((step, k) => (
              <li key={k} className="utrecht-ordered-list__item">
                {agencyName(step.agency ?? '')}: {step.decision} (<code>{step.reasonCode}</code>){step.date ? `, ${dateText(step.date)}` : ''}
              </li>
            ))}
          </ol>
          {blockage.closes && <p className="utrecht-paragraph">Het laatste besluit wacht weer op het eerste: een slot.</p>}
          <h3 className="utrecht-heading-4">Wie kan dit doorbreken</h3>
          <ul className="utrecht-unordered-list">
            {(blockage.breakers ?? []).map((breaker, k) => (
              <li key={k} className="utrecht-unordered-list__item">
                {agencyName(breaker.agency ?? '')}: {breaker.how}
              </li>
            ))}
          </ul>
          <p className="utrecht-paragraph app-muted">
            Gevonden met regel {blockage.rule} (versie {blockage.rulesVersion}), alleen uit gegevens die u voor dit doel mag zien. Een aanleiding om te overleggen, geen
            besluit.
          </p>
        </div>
      ))}
    </section>
  );
}
