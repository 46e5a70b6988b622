import { GraphQLError } from 'graphql';
import type { AccessRecord, AuditOutcome } from '../../audit/AuditRecord';
import type { AccessLogFilter, AuditReader } from '../../audit/AuditStore';
import { AuditQueryError } from '../../audit/AuditQueryError';
import type { SubgraphContext } from '../kit/AgencyDefinition';
import { requireCitizen, requireReviewer } from './authorizeReview';
import { parseReviewTime } from './parseReviewTime';

type Context = SubgraphContext<Record<string, never>>;

interface AccessLogArgs {
  filter?: {
    subjectId?: string | null;
    actorSub?: string | null;
    org?: string | null;
    purpose?: string | null;
    outcome?: AuditOutcome | null;
    from?: string | null;
    to?: string | null;
  } | null;
  first?: number | null;
  after?: string | null;
}

export const UNUSUAL_ACCESS_DEFAULT_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

function defined<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

/** Store argument errors (a bad cursor, a negative page size) become BAD_USER_INPUT. */
async function asUserInput<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AuditQueryError) throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', argument: err.argument } });
    throw err;
  }
}

/** This subgraph serves the demo domain's review API: its two subject types by name. */
const idsOf = (record: AccessRecord, type: string): string[] => record.subjects.filter((s) => s.type === type).map((s) => s.id);

function toNode(record: AccessRecord) {
  return {
    seq: record.seq,
    at: record.at,
    traceId: record.traceId,
    spanId: record.spanId,
    actor: record.actor,
    purpose: record.purpose?.id ?? null,
    processingActivity: record.purpose?.processingActivity ?? null,
    legalBasis: record.purpose?.legalBasis ?? null,
    policyVersion: record.policyVersion,
    operationName: record.operationName,
    documentHash: record.documentHash,
    outcome: record.outcome,
    errorCodes: record.errorCodes,
    subjects: record.subjects.map((s) => s.id),
    householdIds: idsOf(record, 'Household'),
    personIds: idsOf(record, 'Person'),
    subjectDetails: record.subjects,
    malformedIds: record.malformedIds,
    supergraphVersion: record.supergraphVersion,
    fieldsReturned: record.fieldsReturned.map((f) => f.field),
    fieldsRedacted: record.fieldsRedacted.map((f) => f.field),
    returned: record.fieldsReturned,
    redacted: record.fieldsRedacted,
    durationMs: record.durationMs,
    gatewayInstance: record.gatewayInstance,
  };
}

/** The review API over any `AuditReader` (SQLite today; PostgreSQL can follow). */
export function createAuditResolvers(reader: AuditReader, now: () => Date = () => new Date()) {
  return {
    Query: {
      accessLog: (_: unknown, args: AccessLogArgs, ctx: Context) => {
        requireReviewer(ctx.caller);
        const f = args.filter ?? {};
        const filter: AccessLogFilter = {
          subjectId: defined(f.subjectId),
          actorSub: defined(f.actorSub),
          org: defined(f.org),
          purpose: defined(f.purpose),
          outcome: defined(f.outcome),
          from: parseReviewTime(f.from, 'filter.from'),
          to: parseReviewTime(f.to, 'filter.to'),
        };
        return asUserInput(async () => {
          const page = await reader.accessLog(filter, args.first ?? 20, args.after ?? null);
          return {
            edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toNode(edge.node) })),
            // Forward pagination only; Relay still expects these two.
            pageInfo: { ...page.pageInfo, hasPreviousPage: false, startCursor: page.edges[0]?.cursor ?? null },
          };
        });
      },
      auditChain: (_: unknown, __: unknown, ctx: Context) => {
        requireReviewer(ctx.caller);
        return reader.verifyChain();
      },
      unusualAccess: (_: unknown, args: { from?: string | null; to?: string | null }, ctx: Context) => {
        requireReviewer(ctx.caller);
        const to = parseReviewTime(args.to, 'to') ?? now();
        const from = parseReviewTime(args.from, 'from') ?? new Date(to.getTime() - UNUSUAL_ACCESS_DEFAULT_DAYS * DAY_MS);
        return asUserInput(() => reader.unusualAccess(from, to));
      },
      myAccessLog: (_: unknown, __: unknown, ctx: Context) => {
        const caller = requireCitizen(ctx.caller);
        return reader.accessesToSubject(caller.sub);
      },
    },
  };
}
