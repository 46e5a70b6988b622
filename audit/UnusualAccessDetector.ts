import { DISCLOSING_OUTCOMES, REFUSED_OUTCOMES, type AuditActor, type AuditOutcome, type AuditReview } from './AuditRecord';

/*
 * Prompts for a privacy officer, never verdicts. The Dutch SyRI system was struck down
 * for secret, unverifiable risk logic (ECLI:NL:RBDHA:2020:865); every finding here is a
 * simple count over the log with its threshold and time span stated, so anyone can check
 * it against `accessLog`.
 */

export type UnusualAccessKind = 'BREAK_GLASS' | 'REFUSED_ATTEMPTS' | 'MANY_HOUSEHOLDS' | 'OUTSIDE_OFFICE_HOURS';

export interface OfficeHours {
  /** IANA zone the hours are in. */
  timeZone: string;
  /** First office hour (inclusive), 0–23. */
  startHour: number;
  /** Office hours end at this hour (exclusive), 1–24. */
  endHour: number;
  /** Working days, ISO numbering: 1 = Monday … 7 = Sunday. Public holidays are not known. */
  workdays: readonly number[];
}

export interface UnusualAccessThresholds {
  /** An actor with at least this many refused requests (FORBIDDEN, UNAUTHENTICATED) is listed. */
  refusedAttempts: number;
  /** An actor who read at least this many distinct households … */
  distinctHouseholds: number;
  /** … within this many minutes is listed. */
  windowMinutes: number;
  /** An actor with at least this many requests outside office hours is listed. */
  outsideOfficeHours: number;
  officeHours: OfficeHours;
}

export const UNUSUAL_ACCESS_DEFAULTS: Readonly<UnusualAccessThresholds> = {
  refusedAttempts: 1,
  distinctHouseholds: 20,
  windowMinutes: 60,
  outsideOfficeHours: 1,
  officeHours: { timeZone: 'Europe/Amsterdam', startHour: 7, endHour: 19, workdays: [1, 2, 3, 4, 5] },
};

/** The counts behind a finding; only those of its kind are set. */
export interface UnusualAccessCounts {
  /** All requests of the actor in the period. */
  requests: number;
  forbidden?: number;
  unauthenticated?: number;
  /** Distinct households read in the busiest window. */
  distinctHouseholds?: number;
  windowMinutes?: number;
  outsideOfficeHours?: number;
  /** Of those, on a non-working day. */
  nonWorkingDay?: number;
  /** The threshold that was reached. */
  threshold: number;
}

export interface UnusualAccessFinding {
  kind: UnusualAccessKind;
  /** Null for requests without an authenticated actor. */
  actor: AuditActor | null;
  counts: UnusualAccessCounts;
  /** The span of the requests that make up the finding. */
  firstAt: string;
  lastAt: string;
  /** One sentence with the numbers, for the privacy officer. */
  explanation: string;
  /** For `BREAK_GLASS`: the record, its justification, and the review verdict once there is one. */
  breakGlass?: BreakGlassAccess;
}

/** One emergency access (outcome BREAK_GLASS): listed at once, whatever the thresholds. */
export interface BreakGlassAccess {
  recordSeq: number;
  justification: string;
  /** The data subjects opened (`Type:id`). */
  subjects: readonly string[];
  /** The latest review verdict on it, with when and by whom; null until reviewed. */
  review: (AuditReview & { at: string; reviewer: string | null }) | null;
}

/** What the detector needs of one access record. */
export interface AccessEvent {
  at: string;
  actor: AuditActor | null;
  outcome: AuditOutcome;
  /** The data subjects read (`Type:id`), of the types the reader counts (the households, in the demo policy). */
  subjects: readonly string[];
  /** For a BREAK_GLASS record: its seq and justification. */
  breakGlass?: { recordSeq: number; justification: string };
}

interface WindowEntry {
  millis: number;
  at: string;
  subjects: readonly string[];
}

interface ActorState {
  actor: AuditActor | null;
  requests: number;
  forbidden: number;
  unauthenticated: number;
  refusedFirstAt: string | null;
  refusedLastAt: string | null;
  outside: number;
  nonWorkingDay: number;
  outsideFirstAt: string | null;
  outsideLastAt: string | null;
  /** Reads in the sliding window, oldest first, with a count per household. */
  window: WindowEntry[];
  windowCounts: Map<string, number>;
  best: { distinct: number; firstAt: string; lastAt: string } | null;
}

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * Feeds on access records in time order (`add`) and lists what is unusual (`findings`).
 * Memory is one small state per actor plus the reads inside each actor's window.
 */
export class UnusualAccessDetector {
  private readonly actors = new Map<string, ActorState>();
  private readonly breakGlass: Array<{ event: AccessEvent; recordSeq: number; justification: string }> = [];
  private readonly clock: Intl.DateTimeFormat;
  private readonly windowMs: number;

  constructor(private readonly thresholds: UnusualAccessThresholds) {
    this.clock = new Intl.DateTimeFormat('en-GB', { timeZone: thresholds.officeHours.timeZone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
    this.windowMs = thresholds.windowMinutes * 60_000;
  }

  add(event: AccessEvent): void {
    const state = this.stateOf(event.actor);
    state.requests += 1;
    if (event.outcome === 'BREAK_GLASS' && event.breakGlass) this.breakGlass.push({ event, ...event.breakGlass });
    if (REFUSED_OUTCOMES.includes(event.outcome)) {
      if (event.outcome === 'FORBIDDEN') state.forbidden += 1;
      else state.unauthenticated += 1;
      state.refusedFirstAt ??= event.at;
      state.refusedLastAt = event.at;
    }
    if (event.actor === null) return; // only refusals are meaningful without an actor
    const { outside, nonWorkingDay } = this.outsideOfficeHours(event.at);
    if (outside) {
      state.outside += 1;
      if (nonWorkingDay) state.nonWorkingDay += 1;
      state.outsideFirstAt ??= event.at;
      state.outsideLastAt = event.at;
    }
    if (DISCLOSING_OUTCOMES.includes(event.outcome) && event.subjects.length > 0) this.slide(state, event);
  }

  findings(): UnusualAccessFinding[] {
    const t = this.thresholds;
    const found: UnusualAccessFinding[] = [];
    for (const s of this.actors.values()) {
      const who = s.actor ? `${s.actor.sub} (${s.actor.role}, ${s.actor.org})` : 'Unauthenticated callers';
      const refused = s.forbidden + s.unauthenticated;
      if (refused >= t.refusedAttempts && s.refusedFirstAt && s.refusedLastAt) {
        found.push({
          kind: 'REFUSED_ATTEMPTS',
          actor: s.actor,
          counts: { requests: s.requests, forbidden: s.forbidden, unauthenticated: s.unauthenticated, threshold: t.refusedAttempts },
          firstAt: s.refusedFirstAt,
          lastAt: s.refusedLastAt,
          explanation: `${who} had ${refused} of ${s.requests} requests refused (${s.forbidden} forbidden, ${s.unauthenticated} unauthenticated); listed from ${t.refusedAttempts}.`,
        });
      }
      if (s.best && s.best.distinct >= t.distinctHouseholds) {
        found.push({
          kind: 'MANY_HOUSEHOLDS',
          actor: s.actor,
          counts: { requests: s.requests, distinctHouseholds: s.best.distinct, windowMinutes: t.windowMinutes, threshold: t.distinctHouseholds },
          firstAt: s.best.firstAt,
          lastAt: s.best.lastAt,
          explanation: `${who} read ${s.best.distinct} distinct households between ${s.best.firstAt} and ${s.best.lastAt}; listed from ${t.distinctHouseholds} within ${t.windowMinutes} minutes.`,
        });
      }
      if (s.outside >= t.outsideOfficeHours && s.outsideFirstAt && s.outsideLastAt) {
        const h = t.officeHours;
        found.push({
          kind: 'OUTSIDE_OFFICE_HOURS',
          actor: s.actor,
          counts: { requests: s.requests, outsideOfficeHours: s.outside, nonWorkingDay: s.nonWorkingDay, threshold: t.outsideOfficeHours },
          firstAt: s.outsideFirstAt,
          lastAt: s.outsideLastAt,
          explanation: `${who} made ${s.outside} of ${s.requests} requests outside office hours (${s.nonWorkingDay} on a non-working day; office hours ${h.startHour}:00–${h.endHour}:00 ${h.timeZone}, ISO weekdays ${h.workdays.join(',')}); listed from ${t.outsideOfficeHours}.`,
        });
      }
    }
    // Every emergency access is listed at once: the privacy officer reviews each (docs/domain.md).
    for (const { event, recordSeq, justification } of this.breakGlass) {
      const who = event.actor ? `${event.actor.sub} (${event.actor.role}, ${event.actor.org})` : 'An unauthenticated caller';
      found.push({
        kind: 'BREAK_GLASS',
        actor: event.actor,
        counts: { requests: 1, threshold: 1 },
        firstAt: event.at,
        lastAt: event.at,
        explanation: `${who} opened ${event.subjects.join(', ') || 'data'} by emergency access (break-glass), without an active relation, at ${event.at} (record ${recordSeq}); every such access is listed for review.`,
        breakGlass: { recordSeq, justification, subjects: event.subjects, review: null },
      });
    }
    const order: Record<UnusualAccessKind, number> = { BREAK_GLASS: 0, REFUSED_ATTEMPTS: 1, MANY_HOUSEHOLDS: 2, OUTSIDE_OFFICE_HOURS: 3 };
    return found.sort((a, b) => order[a.kind] - order[b.kind] || (a.actor?.sub ?? '').localeCompare(b.actor?.sub ?? '') || a.firstAt.localeCompare(b.firstAt));
  }

  private stateOf(actor: AuditActor | null): ActorState {
    // One state per person *in a role at an org*: the same sub acting for two orgs is two actors.
    const key = actor ? JSON.stringify([actor.sub, actor.org, actor.role]) : '';
    let state = this.actors.get(key);
    if (!state) {
      state = {
        actor,
        requests: 0,
        forbidden: 0,
        unauthenticated: 0,
        refusedFirstAt: null,
        refusedLastAt: null,
        outside: 0,
        nonWorkingDay: 0,
        outsideFirstAt: null,
        outsideLastAt: null,
        window: [],
        windowCounts: new Map(),
        best: null,
      };
      this.actors.set(key, state);
    }
    return state;
  }

  private outsideOfficeHours(at: string): { outside: boolean; nonWorkingDay: boolean } {
    const parts = this.clock.formatToParts(new Date(at));
    const weekday = WEEKDAY[parts.find((p) => p.type === 'weekday')?.value ?? ''] ?? 0;
    const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
    const h = this.thresholds.officeHours;
    const nonWorkingDay = !h.workdays.includes(weekday);
    return { outside: nonWorkingDay || hour < h.startHour || hour >= h.endHour, nonWorkingDay };
  }

  /** Sliding window of `windowMinutes` over the actor's reads: distinct households inside it. */
  private slide(state: ActorState, event: AccessEvent): void {
    const millis = Date.parse(event.at);
    state.window.push({ millis, at: event.at, subjects: event.subjects });
    for (const id of event.subjects) state.windowCounts.set(id, (state.windowCounts.get(id) ?? 0) + 1);
    while (state.window.length > 0 && state.window[0]!.millis <= millis - this.windowMs) {
      const old = state.window.shift()!;
      for (const id of old.subjects) {
        const left = (state.windowCounts.get(id) ?? 1) - 1;
        if (left === 0) state.windowCounts.delete(id);
        else state.windowCounts.set(id, left);
      }
    }
    const distinct = state.windowCounts.size;
    if (!state.best || distinct > state.best.distinct) state.best = { distinct, firstAt: state.window[0]!.at, lastAt: event.at };
  }
}
