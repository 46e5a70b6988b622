import { useEffect } from 'react';
import { href, navigate, useLocation } from '../routing/router';
import type { SignedInPerson } from '../session/sessionStore';

/**
 * The purpose of a case-worker page, from `?doel=` so it shows in the address and every
 * link carries it. Without one: the role's only purpose is filled in; with several, the
 * person picks (undefined here). A purpose typed in by hand is sent as it is: the gateway
 * decides, and its answer is shown.
 */
export function usePurpose(person: SignedInPerson): string | undefined {
  const { pathname, search } = useLocation();
  const declared = search.get('doel') ?? undefined;
  const only = person.purposes.length === 1 ? person.purposes[0]!.id : undefined;
  useEffect(() => {
    if (!declared && only) navigate(href(pathname, { ...Object.fromEntries(search), doel: only }), { replace: true });
  }, [declared, only, pathname, search]);
  return declared ?? only;
}
