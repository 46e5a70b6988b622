import { agencyName, dateText, enumText } from '../../text/dutch';
import { Fact, Facts, orDash, useWithheld } from '../Fact';
import type { Household } from '../householdQuery';

/** The social team's coordination, the agencies involved and the professionals: the municipality's case data. */
export function SocialTeamSection({ household }: { household: Household }) {
  const { coordinationCase: coordination, involvements, relations } = household;
  const involvementsWithheld = useWithheld(['household', 'involvements']);
  const relationsWithheld = useWithheld(['household', 'relations']);
  return (
    <>
      <h3 className="utrecht-heading-4">Regie</h3>
      <Facts>
        <Fact term="Stand van zaken" path={['household', 'coordinationCase']}>
          {coordination ? (
            <>
              {enumText(coordination.status)}, sinds {dateText(coordination.openedAt)}
              {coordination.coordinator?.name && `, regisseur ${coordination.coordinator.name}`}
            </>
          ) : (
            'geen regie'
          )}
        </Fact>
        {coordination?.goals && coordination.goals.length > 0 && (
          <Fact term="Doelen" path={['household', 'coordinationCase', 'goals']}>
            <ul className="utrecht-unordered-list">
              {coordination.goals.map((goal) => (
                <li key={goal} className="utrecht-unordered-list__item">
                  {goal}
                </li>
              ))}
            </ul>
          </Fact>
        )}
      </Facts>
      <h3 className="utrecht-heading-4">Betrokken organisaties</h3>
      {involvementsWithheld ?? (
        <ul className="utrecht-unordered-list">
          {(involvements ?? []).map((involvement, index) => (
            <li key={index} className="utrecht-unordered-list__item">
              {agencyName(involvement.agency ?? '')}
              {involvement.contact?.name && `: ${involvement.contact.name}`}
              {involvement.contact?.phone && `, ${involvement.contact.phone}`}
              {involvement.since && <span className="app-muted"> (sinds {dateText(involvement.since)})</span>}
            </li>
          ))}
        </ul>
      )}
      <h3 className="utrecht-heading-4">Betrokken professionals</h3>
      {relationsWithheld ?? (
        <ul className="utrecht-unordered-list">
          {(relations ?? []).map((relation, index) => (
            <li key={index} className="utrecht-unordered-list__item">
              {orDash(relation.professional?.name)}, {agencyName(relation.agency ?? '')} ({relation.kind === 'REGIE' ? 'regie' : 'registratie'})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
