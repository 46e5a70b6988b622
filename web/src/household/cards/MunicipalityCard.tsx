import { dateText, enumText } from '../../text/dutch';
import { AgencyCard } from '../AgencyCard';
import { Fact, Facts, orDash, useWithheld } from '../Fact';
import type { Household } from '../householdQuery';
import { SocialTeamSection } from './SocialTeamSection';

/** The municipality: the register extract (address, members) and the social team's part. */
export function MunicipalityCard({ household }: { household: Household }) {
  const { address, members } = household;
  const membersWithheld = useWithheld(['household', 'members']);
  return (
    <AgencyCard agency="gemeente">
      <Facts>
        <Fact term="Adres" path={['household', 'address']}>
          {address ? (
            <>
              {[address.street, address.houseNumber].filter(Boolean).join(' ')}, {address.postalCode} {address.city}
              {address.kind && <span className="app-muted"> ({enumText(address.kind)})</span>}
            </>
          ) : (
            '—'
          )}
        </Fact>
      </Facts>
      <h3 className="utrecht-heading-4">Leden van het huishouden</h3>
      {membersWithheld ?? (
        <div className="utrecht-table-container utrecht-table-container--overflow-inline" tabIndex={0} role="region" aria-label="Leden van het huishouden">
          <table className="utrecht-table utrecht-table--html-table">
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th className="utrecht-table__header-cell" scope="col">Naam</th>
                <th className="utrecht-table__header-cell" scope="col">Geboortedatum</th>
                <th className="utrecht-table__header-cell" scope="col">Rol</th>
                <th className="utrecht-table__header-cell" scope="col">Kenmerk</th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {(members ?? []).map((member) => (
                <tr key={member.id} className="utrecht-table__row">
                  <td className="utrecht-table__cell">{orDash(member.name)}</td>
                  <td className="utrecht-table__cell">{member.birthDate ? dateText(member.birthDate) : '—'}</td>
                  <td className="utrecht-table__cell">{enumText(member.householdRole)}</td>
                  <td className="utrecht-table__cell">{member.id}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <SocialTeamSection household={household} />
    </AgencyCard>
  );
}
