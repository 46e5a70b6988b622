import { GraphQLError } from 'graphql';
import type { EarlySignalRules } from '../../policies/EarlySignalRules';
import type { Caller, SubgraphContext } from '../kit/AgencyDefinition';
import { loaderFields } from '../kit/loaderFields';
import type { Store } from '../kit/Store';
import { EARLY_SIGNAL_PAGE, earlySignals } from './earlySignals';
import type { InkomenLoaders } from './store';

type Context = SubgraphContext<InkomenLoaders>;

/** The purpose the signal queue serves (policies/policy.yaml); checked here too, as defence in depth. */
export const EARLY_SIGNAL_PURPOSE = 'vroegsignalering';
const PERSON_ID = /^P-[0-9]{4,9}$/;
const OUTCOMES = ['CONTACT_GEMAAKT', 'HULP_AFGEWEZEN', 'GEEN_CONTACT'] as const;

function requireSignalWorker(caller: Caller | null): Caller {
  if (!caller || caller.purpose !== EARLY_SIGNAL_PURPOSE) {
    throw new GraphQLError(`Early signals are for purpose ${EARLY_SIGNAL_PURPOSE} only.`, { extensions: { code: 'FORBIDDEN' } });
  }
  return caller;
}

export function createResolvers(store: Store, rules: EarlySignalRules, now: () => Date = () => new Date()) {
  return {
    Person: loaderFields<InkomenLoaders>(['benefits', 'paymentArrears']),
    Query: {
      earlySignals: (_: unknown, args: { first?: number | null; after?: string | null }, ctx: Context) => {
        requireSignalWorker(ctx.caller);
        const first = args.first ?? EARLY_SIGNAL_PAGE.default;
        if (first < 0) throw new GraphQLError('first must be 0 or more.', { extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
        if (args.after != null && !PERSON_ID.test(args.after)) throw new GraphQLError('after must be a nextCursor this query gave.', { extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
        return earlySignals(store, ctx.sql, rules, first, args.after ?? null);
      },
    },
    Mutation: {
      recordOutreach: (_: unknown, args: { signalId: string; outcome: (typeof OUTCOMES)[number] }, ctx: Context) => {
        const caller = requireSignalWorker(ctx.caller);
        const known = PERSON_ID.test(args.signalId) && ctx.sql.get(store.statement('SELECT 1 FROM signal_contacts WHERE person_id = ?'), args.signalId);
        if (!known) throw new GraphQLError('No such signal; record the outcome of a signal from the queue.', { extensions: { code: 'BAD_USER_INPUT', argument: 'signalId' } });
        const recordedAt = now().toISOString();
        store.statement('INSERT INTO outreach_outcomes (person_id, outcome, recorded_at, recorded_by) VALUES (?, ?, ?, ?)').run(args.signalId, args.outcome, recordedAt, caller.sub);
        return { signalId: args.signalId, outcome: args.outcome, recordedAt };
      },
    },
  };
}
