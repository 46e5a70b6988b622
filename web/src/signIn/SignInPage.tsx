import { useEffect, useState } from 'react';
import { SignInError, devToken, exchangeOidcCode, signInConfig, whoAmI, type SignInConfig } from '../api/authApi';
import { redirectUri, startOidcSignIn, takeOidcReturn } from '../auth/oidcSignIn';
import { navigate, useLocation } from '../routing/router';
import { sessionStore, useSessionState } from '../session/sessionStore';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { PageHeading } from '../ui/PageHeading';
import { DEMO_CITIZENS, DEMO_PROFESSIONALS, type DemoAccount } from './demoAccounts';
import { homeFor } from './homeFor';

async function finishSignIn(token: string): Promise<void> {
  const person = await whoAmI(token);
  sessionStore.signIn({ token, person });
  navigate(sessionStore.takeReturnTo() ?? homeFor(person), { replace: true });
}

function AccountList({ heading, accounts, busy, onChoose }: { heading: string; accounts: readonly DemoAccount[]; busy: boolean; onChoose: (account: DemoAccount) => void }) {
  return (
    <section aria-labelledby={`accounts-${heading}`} className="app-section">
      <h2 id={`accounts-${heading}`} className="utrecht-heading-2">
        {heading}
      </h2>
      <ul className="app-account-list">
        {accounts.map((account) => (
          <li key={account.sub}>
            <Button appearance="secondary-action" disabled={busy} onClick={() => onChoose(account)}>
              Aanmelden als {account.sub}
            </Button>
            <span className="app-account-list__description">{account.description}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `/aanmelden`: the development accounts, or the organisation's identity provider. */
export function SignInPage() {
  const { notice } = useSessionState();
  const { search } = useLocation();
  const [config, setConfig] = useState<SignInConfig | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (err) {
      setProblem(err instanceof SignInError || err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  useEffect(() => {
    signInConfig().then(setConfig, (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)));
    const returned = takeOidcReturn(search);
    if (!returned) return;
    // The code is single-use and not for the address bar or history.
    navigate('/aanmelden', { replace: true });
    if ('error' in returned) setProblem(returned.error);
    else void attempt(async () => finishSignIn((await exchangeOidcCode(returned.code, returned.verifier, redirectUri())).token));
    // Only when the page opens: the return from the provider happens once.
  }, []);

  const chooseAccount = (account: DemoAccount) => attempt(async () => finishSignIn((await devToken(account.sub, account.role)).token));

  return (
    <>
      <PageHeading title="Aanmelden">Aanmelden</PageHeading>
      {notice && <Alert type="warning">{notice}</Alert>}
      {problem && (
        <Alert type="error" heading="Aanmelden lukte niet">
          <p className="utrecht-paragraph">{problem}</p>
        </Alert>
      )}
      {!config && !problem && <Loading what="De aanmeldgegevens" />}
      {config?.signIn === 'oidc' && config.oidc && (
        <section className="app-section">
          <p className="utrecht-paragraph">U meldt zich aan bij uw eigen organisatie. Daarna komt u hier terug.</p>
          <Button disabled={busy} onClick={() => config.oidc && void attempt(() => startOidcSignIn(config.oidc!))}>
            Aanmelden bij uw organisatie
          </Button>
        </section>
      )}
      {config?.signIn === 'development' && (
        <>
          <Alert type="info" heading="Ontwikkelomgeving">
            <p className="utrecht-paragraph">Kies een demo-account. In productie meldt u zich aan bij uw eigen organisatie.</p>
          </Alert>
          <AccountList heading="Professionals" accounts={DEMO_PROFESSIONALS} busy={busy} onChoose={chooseAccount} />
          <AccountList heading="Inwoners" accounts={DEMO_CITIZENS} busy={busy} onChoose={chooseAccount} />
        </>
      )}
      {config?.signIn === 'none' && (
        <Alert type="error" heading="Aanmelden is hier niet ingesteld">
          <p className="utrecht-paragraph">Vraag uw beheerder om aanmelden via uw organisatie in te stellen (OIDC_ISSUER en OIDC_CLIENT_ID).</p>
        </Alert>
      )}
    </>
  );
}
