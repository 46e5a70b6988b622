import { GraphQLError } from 'graphql';
import { REVIEW_NOTE_MAX_LENGTH, type AccessRecord, type AuditOutcome, type ReviewVerdict } from '../../audit/AuditRecord';
import { encodeCursor } from '../../audit/accessLogCursor';
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
    breakGlassJustification: record.breakGlass?.justification ?? null,
    review: record.review ? { ...record.review, at: record.at, reviewer: record.actor?.sub ?? null } : null,
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
        return asUserInput(async () =>
          (await reader.unusualAccess(from, to)).map((finding) => ({
            ...finding,
            recordSeq: finding.breakGlass?.recordSeq ?? null,
            justification: finding.breakGlass?.justification ?? null,
            review: finding.breakGlass?.review ?? null,
          })),
        );
      },
      myAccessLog: (_: unknown, __: unknown, ctx: Context) => {
        const caller = requireCitizen(ctx.caller);
        return reader.accessesToSubject(caller.sub);
      },
    },
    Mutation: {
      // Checked here; written by the gateway as this request's own audit record (policy.yaml `writes`).
      reviewBreakGlass: async (_: unknown, args: { recordSeq: number; verdict: ReviewVerdict; note: string }, ctx: Context) => {
        const caller = requireReviewer(ctx.caller);
        const note = args.note.trim();
        if (note.length === 0 || note.length > REVIEW_NOTE_MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(note)) {
          throw new GraphQLError(`Write a note of 1 to ${REVIEW_NOTE_MAX_LENGTH} characters on one line.`, { extensions: { code: 'BAD_USER_INPUT', argument: 'note' } });
        }
        if (args.recordSeq < 1) throw new GraphQLError('recordSeq must be the seq of a BREAK_GLASS record.', { extensions: { code: 'BAD_USER_INPUT', argument: 'recordSeq' } });
        // The newest BREAK_GLASS record at or before that seq: it must be that very record.
        const page = await reader.accessLog({ outcome: 'BREAK_GLASS' }, 1, encodeCursor(args.recordSeq + 1));
        if (page.edges[0]?.node.seq !== args.recordSeq) {
          throw new GraphQLError(`Record ${args.recordSeq} is no emergency access (outcome BREAK_GLASS); review a record listed by unusualAccess.`, {
            extensions: { code: 'BAD_USER_INPUT', argument: 'recordSeq' },
          });
        }
        return { recordSeq: args.recordSeq, verdict: args.verdict, note, at: now().toISOString(), reviewer: caller.sub };
      },
    },
  };
}
