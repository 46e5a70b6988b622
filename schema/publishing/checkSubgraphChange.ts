import type { Policy } from '../../policies/Policy';
import { supergraphVersion } from '../../gateway/supergraphVersion';
import { composeSupergraph, type SubgraphCheck, type SubgraphSource } from '../composeSupergraph';
import { CompositionError, type CompositionProblem } from '../CompositionError';
import { readLabelMap } from '../readLabelMap';
import { readRegistrySchemas } from '../readRegistrySchemas';
import { checkLabels } from '../checkLabels';
import type { SubgraphRegistry } from '../SubgraphRegistry';
import type { CheckProblem, CheckReport } from './CheckReport';
import { apiSchemaOf, clientImpact } from './clientImpact';
import { privacyImpact } from './privacyImpact';
import { routingUrlAnswers } from './routingUrlAnswers';
import type { SubgraphChange } from './SubgraphChange';
import { supergraphLabelProblems } from './supergraphLabelProblems';

export interface CheckInput {
  registry: SubgraphRegistry;
  change: SubgraphChange;
  policy: Policy;
  /** The supergraph served now, to compare against; null when there is none yet. */
  currentSupergraph: string | null;
}

export interface CheckOutcome {
  report: CheckReport;
  /** The supergraph the change produces, when it composes. */
  supergraphSdl: string | null;
}

// What to do about Apollo's most common composition errors; anything else gets the general advice.
const FIXES: Record<string, string> = {
  FIELD_TYPE_MISMATCH: 'give the field the same type as the other subgraphs that define it, or use another field name',
  FIELD_ARGUMENT_TYPE_MISMATCH: 'give the argument the same type in every subgraph that defines the field',
  INVALID_FIELD_SHARING: 'leave the field to the subgraph that owns it, or mark it @shareable in every subgraph that resolves it',
  TYPE_KIND_MISMATCH: 'use another type name, or define the type with the same kind as the other subgraphs',
  SDL_PARSE_FAILED: 'fix the syntax',
  SCHEMA_MISSING: 'restore the file or correct the registry entry',
  SCHEMA_UNREACHABLE: 'start the subgraph or give a schema file',
};

const FILE_PROBLEMS = new Set(['SDL_PARSE_FAILED', 'SCHEMA_MISSING', 'SCHEMA_UNREACHABLE']);
const COORDINATE = /"?([A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*)"?/;

function toCheckProblem(problem: CompositionProblem, fallbackAgency: string): CheckProblem {
  // Apollo's messages name the field ("Type.field"); a file problem names a file, not a field.
  const coordinate = FILE_PROBLEMS.has(problem.code) ? undefined : COORDINATE.exec(problem.reason.replace(/^\[[^\]]+\]\s*/, ''))?.[1];
  const fix = FIXES[problem.code];
  const message = fix && !problem.reason.includes(fix) ? `${problem.reason.replace(/\.?$/, '')}; ${fix}.` : problem.reason;
  return {
    agency: problem.agencies.length > 0 ? problem.agencies.join(', ') : fallbackAgency,
    code: problem.code,
    ...(coordinate ? { coordinate } : {}),
    message,
  };
}

/** Checks who may change the entry, before anything is composed. */
async function entryRefusals({ registry, change, policy }: CheckInput): Promise<CheckProblem[]> {
  const existing = registry.subgraphs.find((s) => s.name === change.name);
  const refuse = (code: string, message: string): CheckProblem => ({ agency: change.name, code, message });
  if (change.kind === 'retire') {
    if (!existing) return [refuse('UNKNOWN_SUBGRAPH', `no subgraph "${change.name}" is registered; the registry lists ${registry.subgraphs.map((s) => s.name).join(', ')}.`)];
    if (policy.needToKnow.subgraph === change.name) {
      return [refuse('NEED_TO_KNOW_SOURCE', `${change.name} answers need-to-know (policy.yaml needToKnow); name another subgraph there first, or nobody could open a case.`)];
    }
    if (registry.subgraphs.length === 1) return [refuse('LAST_SUBGRAPH', `${change.name} is the only subgraph; the gateway needs at least one.`)];
    return [];
  }
  const refusals: CheckProblem[] = [];
  if (existing && change.owner !== undefined && change.owner !== existing.owner) {
    refusals.push(refuse('OWNER_MISMATCH', `the name "${change.name}" is registered to ${existing.owner} (contact ${existing.contact}); publish under another --name, or ask them.`));
  }
  if (!existing) {
    const missing = (['routingUrl', 'owner', 'contact'] as const).filter((key) => !change[key]);
    const flags: Record<(typeof missing)[number], string> = { routingUrl: '--url', owner: '--owner', contact: '--contact' };
    if (missing.length > 0) refusals.push(refuse('ENTRY_INCOMPLETE', `a new subgraph needs ${missing.map((m) => flags[m]).join(', ')}; add them and publish again.`));
  }
  const routingUrl = change.routingUrl ?? existing?.routingUrl;
  if (routingUrl && change.routingUrl) {
    const unreachable = await routingUrlAnswers(routingUrl);
    if (unreachable) refusals.push(refuse('ROUTING_URL_UNREACHABLE', `${unreachable}; start the subgraph at --url (it must answer /health) or correct the URL.`));
  }
  return refusals;
}

/** The sources to compose once the change is made: the registry's, with N's replaced, added or left out. */
function proposedSources(current: SubgraphSource[], change: SubgraphChange, routingUrl: string | undefined): SubgraphSource[] {
  const others = current.filter((s) => s.name !== change.name);
  if (change.kind === 'retire') return others;
  return [...others, { name: change.name, sdl: change.sdl, origin: change.schemaFile, ...(routingUrl ? { url: routingUrl } : {}) }];
}

/**
 * `subgraph:check`: composes the registry with the proposed change and reports, in order,
 * composition errors, label problems, privacy impact and client impact (CheckReport).
 * Never writes anything.
 */
export async function checkSubgraphChange(input: CheckInput): Promise<CheckOutcome> {
  const { registry, change, policy, currentSupergraph } = input;
  const report: CheckReport = {
    subgraph: change.name,
    action: change.kind,
    registry: registry.file,
    publishable: false,
    composition: [],
    labels: [],
    privacy: [],
    client: { breaking: [], dangerous: [] },
    refusals: await entryRefusals(input),
    supergraphVersion: null,
  };
  const finish = (supergraphSdl: string | null): CheckOutcome => {
    report.publishable = report.composition.length + report.labels.length + report.refusals.length === 0 && supergraphSdl !== null;
    return { report, supergraphSdl };
  };

  let current: SubgraphSource[];
  try {
    current = await readRegistrySchemas({ ...registry, subgraphs: registry.subgraphs.filter((s) => s.name !== change.name) });
  } catch (err) {
    if (!(err instanceof CompositionError)) throw err;
    report.composition.push(...err.problems.map((p) => toCheckProblem(p, change.name)));
    return finish(null);
  }
  const existing = registry.subgraphs.find((s) => s.name === change.name);
  const sources = proposedSources(current, change, change.kind === 'publish' ? (change.routingUrl ?? existing?.routingUrl) : undefined);

  let supergraphSdl: string;
  try {
    // Labels are the policy's vocabulary: checked against the policy in force.
    const labelCheck: SubgraphCheck = ({ name, document }) => checkLabels(name, document, new Set(policy.labels.keys()));
    supergraphSdl = composeSupergraph(sources, { checks: [labelCheck] });
  } catch (err) {
    if (!(err instanceof CompositionError)) throw err;
    for (const problem of err.problems) {
      (problem.code === 'FIELD_LABEL_INVALID' ? report.labels : report.composition).push(toCheckProblem(problem, change.name));
    }
    return finish(null);
  }
  report.labels.push(...supergraphLabelProblems(supergraphSdl, change.name));
  report.supergraphVersion = supergraphVersion(supergraphSdl);
  report.privacy = privacyImpact(currentSupergraph ? readLabelMap(currentSupergraph) : new Map(), readLabelMap(supergraphSdl), policy);
  report.client = clientImpact(currentSupergraph ? apiSchemaOf(currentSupergraph) : null, apiSchemaOf(supergraphSdl));
  if (report.client.breaking.length > 0 && !change.allowBreaking) {
    report.refusals.push({
      agency: change.name,
      code: 'BREAKING_CHANGE',
      message: `${report.client.breaking.length} breaking change(s) for clients (listed under client impact); keep the old fields until clients have moved, or pass --allow-breaking once they have.`,
    });
  }
  return finish(supergraphSdl);
}
