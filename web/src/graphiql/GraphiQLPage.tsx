import { Suspense, lazy } from 'react';
import type { Session } from '../session/sessionStore';
import { Alert } from '../ui/Alert';
import { Loading } from '../ui/Loading';
import { PageHeading } from '../ui/PageHeading';

// GraphiQL brings the Monaco editor: a large chunk, loaded only on this page.
const GraphiQLIde = lazy(() => import('./GraphiQLIde'));

/** `/graphiql`: the GraphQL IDE, where introspection is on (never in production). */
export function GraphiQLPage({ session, enabled, purpose }: { session: Session; enabled: boolean; purpose: string | undefined }) {
  return (
    <>
      <PageHeading title="GraphQL-verkenner">GraphQL-verkenner</PageHeading>
      {!enabled ? (
        <Alert type="info" heading="De GraphQL-verkenner staat hier uit">
          <p className="utrecht-paragraph">Hij is er alleen waar de gateway zijn schema laat zien (introspectie), nooit in productie.</p>
        </Alert>
      ) : !purpose ? (
        <Alert type="warning">Uw rol heeft geen doel; zonder doel beantwoordt de huishoudview geen vragen.</Alert>
      ) : (
        <>
          <p className="utrecht-paragraph">
            Verzoeken gaan met uw aanmelding en doel <strong>{purpose}</strong>. Ook hier wordt elke vraag vastgelegd.
          </p>
          <div className="app-graphiql">
            <Suspense fallback={<Loading what="De verkenner en het schema" />}>
              <GraphiQLIde session={session} purpose={purpose} />
            </Suspense>
          </div>
        </>
      )}
    </>
  );
}
