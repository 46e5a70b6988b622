import { useEffect, useState } from 'react';
import { signInConfig } from './api/authApi';
import { CitizenPage } from './citizen/CitizenPage';
import { HomePage } from './caseWorker/HomePage';
import { EarlySignalsPage } from './earlySignals/EarlySignalsPage';
import { GraphiQLPage } from './graphiql/GraphiQLPage';
import { HouseholdPage } from './household/HouseholdPage';
import { Layout } from './layout/Layout';
import { OversightPage } from './oversight/OversightPage';
import { navigate, useLocation } from './routing/router';
import { useSessionState, sessionStore, type Session } from './session/sessionStore';
import { SignInPage } from './signIn/SignInPage';
import { homeFor } from './signIn/homeFor';
import { Loading } from './ui/Loading';
import { PageHeading } from './ui/PageHeading';

const HOUSEHOLD = /^\/huishoudens\/([^/]+)$/;

function NotFound() {
  return (
    <>
      <PageHeading title="Niet gevonden">Deze pagina bestaat niet</PageHeading>
      <p className="utrecht-paragraph">Controleer het adres, of kies een pagina in het menu.</p>
    </>
  );
}

/** Goes elsewhere at once (for a page that is not this person's). */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function SignedInRoutes({ session, graphiql }: { session: Session; graphiql: boolean }) {
  const { pathname, search } = useLocation();
  const { person } = session;
  // Citizens and privacy officers have no households: their start page is their own.
  if (pathname === '/') return homeFor(person) === '/' ? <HomePage person={person} /> : <Redirect to={homeFor(person)} />;
  const household = HOUSEHOLD.exec(pathname);
  if (household) return <HouseholdPage person={person} id={decodeURIComponent(household[1]!)} />;
  if (pathname === '/toezicht') return <OversightPage />;
  if (pathname === '/mijn-gegevens') return <CitizenPage />;
  if (pathname === '/signalen') return <EarlySignalsPage />;
  if (pathname === '/graphiql') return <GraphiQLPage session={session} enabled={graphiql} purpose={search.get('doel') ?? person.purposes[0]?.id} />;
  return <NotFound />;
}

/** The apps: sign-in, the case worker's households, the privacy officer's console, the citizen's page, GraphiQL. */
export function App() {
  const { session } = useSessionState();
  const { pathname, search } = useLocation();
  const [graphiql, setGraphiql] = useState(false);
  const onSignIn = pathname === '/aanmelden';

  useEffect(() => {
    signInConfig().then((config) => setGraphiql(config.graphiql), () => setGraphiql(false));
  }, []);

  useEffect(() => {
    // Every page but the sign-in needs a session; after signing in, the person returns here.
    if (!session && !onSignIn) {
      sessionStore.signOut(sessionStore.get().notice, pathname + (search.size ? `?${search.toString()}` : ''));
      navigate('/aanmelden', { replace: true });
    }
  }, [session, onSignIn, pathname, search]);

  return (
    <Layout person={session?.person ?? null} graphiql={graphiql}>
      {onSignIn ? <SignInPage /> : session ? <SignedInRoutes session={session} graphiql={graphiql} /> : <Loading what="De aanmeldgegevens" />}
    </Layout>
  );
}
