import { Kind, type FieldNode, type SelectionNode } from 'graphql';
import type { ChainDecision, ChainRule, ChainRules } from '../../policies/ChainRules';
import { RESERVED_ALIAS_PREFIX, type FieldGuard } from './filterDocument';

type JsonObject = Record<string, unknown>;

/** A decision of the rules, with every `Type.field` reading it takes (checked per purpose). */
export interface ResolvedDecision {
  decision: ChainDecision;
  /** `[type, field]` for each field on the way and the reason and date fields. */
  reads: ReadonlyArray<readonly [string, string]>;
}

/** What one purpose gets of a computed field. */
export interface ComputedFieldPlan {
  /** The rules this purpose may evaluate: it may read every field they need. */
  rules: readonly ChainRule[];
  /** Selections added, under reserved aliases, beside the field wherever it is asked. */
  sources: readonly FieldNode[];
  /** The field's value for one object of the host type, from its source selections. */
  compute(host: JsonObject): JsonObject[];
}

/** The alias under which a computed field's source selection `field` is fetched. */
export function sourceAlias(field: string): string {
  return `${RESERVED_ALIAS_PREFIX}computed_${field}`;
}

function name(value: string) {
  return { kind: Kind.NAME, value } as const;
}

/** Field names as a tree: `members.debtCase.status` and `members.shelterStay.since` share `members`. */
type Tree = Map<string, Tree>;

function toSelections(tree: Tree): FieldNode[] {
  return [...tree].map(([field, children]): FieldNode => ({
    kind: Kind.FIELD,
    name: name(field),
    ...(children.size > 0 ? { selectionSet: { kind: Kind.SELECTION_SET, selections: toSelections(children) as SelectionNode[] } } : {}),
  }));
}

function objectsAt(host: JsonObject, path: readonly string[]): JsonObject[] {
  const [first, ...rest] = path;
  let values: unknown[] = [host[sourceAlias(first!)]];
  for (const field of rest) {
    values = values.flat(Infinity).map((value) => (value && typeof value === 'object' ? (value as JsonObject)[field] : undefined));
  }
  return values.flat(Infinity).filter((value): value is JsonObject => typeof value === 'object' && value !== null);
}

/**
 * A field the gateway computes from rules as data (a chain-rules file such as
 * policies/blockages.yaml), never from a subgraph: for each purpose, only the rules whose
 * every field the purpose may read are evaluated, from those fields alone, fetched under
 * the gateway's reserved aliases. Knows no type or agency names: the rules file does.
 */
export class ComputedField {
  private readonly plans = new Map<string, ComputedFieldPlan>();

  constructor(
    readonly rules: ChainRules,
    private readonly decisions: ReadonlyMap<string, ResolvedDecision>,
  ) {}

  get type(): string {
    return this.rules.field.on;
  }

  get name(): string {
    return this.rules.field.name;
  }

  get coordinate(): string {
    return `${this.type}.${this.name}`;
  }

  /** The plan for a purpose (computed once per purpose and policy snapshot). */
  planFor(purpose: string, allows: FieldGuard): ComputedFieldPlan {
    let plan = this.plans.get(purpose);
    if (!plan) this.plans.set(purpose, (plan = this.plan(allows)));
    return plan;
  }

  private plan(allows: FieldGuard): ComputedFieldPlan {
    const readable = (id: string) => this.decisions.get(id)!.reads.every(([type, field]) => allows(type, field));
    const rules = this.rules.rules.filter((rule) => rule.steps.every((step) => readable(step.decision)));
    const tree: Tree = new Map();
    for (const id of new Set(rules.flatMap((rule) => rule.steps.map((step) => step.decision)))) {
      const { at, reason, date } = this.decisions.get(id)!.decision;
      let node = tree;
      for (const field of at) {
        let child = node.get(field);
        if (!child) node.set(field, (child = new Map()));
        node = child;
      }
      for (const leaf of [reason, date]) if (!node.has(leaf)) node.set(leaf, new Map());
    }
    const sources = toSelections(tree).map((node): FieldNode => ({ ...node, alias: name(sourceAlias(node.name.value)) }));
    return { rules, sources, compute: (host) => this.evaluate(rules, host) };
  }

  private evaluate(rules: readonly ChainRule[], host: JsonObject): JsonObject[] {
    const found: JsonObject[] = [];
    for (const rule of rules) {
      const steps: JsonObject[] = [];
      for (const step of rule.steps) {
        const decision = this.decisions.get(step.decision)!.decision;
        const match = objectsAt(host, decision.at).find((object) => object[decision.reason] === step.reason);
        if (!match) break;
        const date = match[decision.date];
        steps.push({ agency: decision.agency, decision: decision.name, reasonCode: step.reason, date: typeof date === 'string' ? date : null });
      }
      if (steps.length < rule.steps.length) continue;
      found.push({
        rule: rule.id,
        rulesVersion: this.rules.version,
        agencies: [...new Set(steps.map((step) => step.agency))],
        steps,
        closes: rule.closes,
        explanation: rule.explanation,
        breakers: rule.breakers.map((breaker) => ({ ...breaker })),
      });
    }
    return found;
  }
}

/** The fields the gateway fills in a computed value, per level (a schema may declare fewer). */
export const COMPUTED_SHAPE = {
  chain: ['rule', 'rulesVersion', 'agencies', 'steps', 'closes', 'explanation', 'breakers'],
  steps: ['agency', 'decision', 'reasonCode', 'date'],
  breakers: ['agency', 'how'],
} as const;
