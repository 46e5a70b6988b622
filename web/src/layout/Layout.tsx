import type { ReactNode } from 'react';
import { Link } from '../routing/Link';
import { navigate } from '../routing/router';
import { sessionStore, type SignedInPerson } from '../session/sessionStore';
import { roleName } from '../text/dutch';
import { Button } from '../ui/Button';

/** The links a person's purposes lead to. */
function navigationFor(person: SignedInPerson, graphiql: boolean): Array<{ to: string; text: string }> {
  const purposes = person.purposes.map((p) => p.id);
  const links: Array<{ to: string; text: string }> = [];
  if (purposes.includes('toezicht')) links.push({ to: '/toezicht', text: 'Toezicht' });
  else if (purposes.includes('inzage')) links.push({ to: '/mijn-gegevens', text: 'Mijn gegevens' });
  else if (purposes.includes('vroegsignalering')) links.push({ to: '/signalen', text: 'Vroegsignalen' });
  else links.push({ to: '/', text: 'Mijn huishoudens' });
  if (graphiql && !purposes.includes('inzage')) links.push({ to: '/graphiql', text: 'GraphQL-verkenner' });
  return links;
}

/** Page header (skip link, name, navigation, who is signed in, sign-out), main content, footer. */
export function Layout({ person, graphiql, children }: { person: SignedInPerson | null; graphiql: boolean; children: ReactNode }) {
  const signOut = () => {
    sessionStore.signOut('U bent afgemeld.');
    navigate('/aanmelden');
  };
  return (
    <div className="utrecht-page-layout app-layout">
      <a className="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">
        Naar de inhoud
      </a>
      <header className="utrecht-page-header app-header">
        <div className="utrecht-page-header__content app-header__content">
          <p className="app-brand">Huishoudview</p>
          {person && (
            <nav aria-label="Hoofdmenu" className="app-nav">
              <ul className="app-nav__list">
                {navigationFor(person, graphiql).map((link) => (
                  <li key={link.to}>
                    <Link to={link.to} className="app-nav__link">
                      {link.text}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {person && (
            <div className="app-person">
              <span>
                Aangemeld als <strong>{person.name}</strong> ({roleName(person.role)})
              </span>
              <Button appearance="secondary-action" onClick={signOut}>
                Afmelden
              </Button>
            </div>
          )}
        </div>
      </header>
      <main id="inhoud" tabIndex={-1} className="utrecht-page-body app-main">
        <div className="utrecht-page-body__content">{children}</div>
      </main>
      <footer className="utrecht-page-footer app-footer">
        <div className="utrecht-page-footer__content">
          <p className="utrecht-paragraph">Elke keer dat gegevens worden bekeken, wordt dat vastgelegd: met het doel, de organisatie en de rol.</p>
        </div>
      </footer>
    </div>
  );
}
