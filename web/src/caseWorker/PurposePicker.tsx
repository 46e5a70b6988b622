import { Link } from '../routing/Link';
import { href, useLocation } from '../routing/router';
import type { SignedInPerson } from '../session/sessionStore';
import { PageHeading } from '../ui/PageHeading';

/** Shown when a role has more than one purpose: only that role's purposes are offered. */
export function PurposePicker({ person }: { person: SignedInPerson }) {
  const { pathname, search } = useLocation();
  return (
    <>
      <PageHeading title="Kies uw doel">Waarvoor wilt u gegevens bekijken?</PageHeading>
      <p className="utrecht-paragraph">U ziet alleen de gegevens die bij het gekozen doel horen. Elke keer dat u iets bekijkt, wordt het doel vastgelegd.</p>
      {person.purposes.length === 0 ? (
        <p className="utrecht-paragraph">Uw rol heeft geen geregistreerde doelen. Vraag uw privacy-officer om er een te registreren.</p>
      ) : (
        <ul className="utrecht-link-list utrecht-link-list--html-ul">
          {person.purposes.map((purpose) => (
            <li key={purpose.id} className="utrecht-link-list__item">
              <Link to={href(pathname, { ...Object.fromEntries(search), doel: purpose.id })}>
                {purpose.name} ({purpose.id})
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
