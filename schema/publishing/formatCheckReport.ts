import type { CheckProblem, CheckReport, FieldImpact } from './CheckReport';

function problemLines(problems: CheckProblem[]): string[] {
  if (problems.length === 0) return ['  none'];
  return problems.map((p) => `  ✗ [${p.agency}] ${p.coordinate && !p.message.includes(p.coordinate) ? `${p.coordinate}: ` : ''}${p.message} (${p.code})`);
}

function impactLine(impact: FieldImpact): string {
  const what =
    impact.change === 'relabelled' ? `relabelled ${impact.previousLabel} → ${impact.label}` : `${impact.change}, label ${impact.label}`;
  const special = impact.specialCategory ? '  ⚠ special category (GDPR art. 9/10)' : '';
  const readers =
    impact.change === 'removed'
      ? 'no longer served'
      : impact.readableBy.length === 0
        ? 'readable by no purpose (withheld from everyone)'
        : `readable by ${impact.readableBy.map((r) => `${r.purpose} (${r.roles.join(', ') || 'no role'})`).join('; ')}`;
  return `  ${impact.coordinate}: ${what}${special}\n      ${readers}`;
}

/** The report as a person reads it in a terminal; `--json` prints the CheckReport itself. */
export function formatCheckReport(report: CheckReport): string {
  const lines = [
    `subgraph:${report.action === 'retire' ? 'retire' : 'check'} ${report.subgraph} against ${report.registry}`,
    '',
    'Composition',
    ...problemLines(report.composition),
    '',
    'Labels',
    ...problemLines(report.labels),
    '',
    'Privacy impact',
    ...(report.privacy.length === 0 ? ['  no field added, removed or relabelled'] : report.privacy.map(impactLine)),
    '',
    'Client impact',
    ...(report.client.breaking.length + report.client.dangerous.length === 0
      ? ['  no breaking or dangerous change']
      : [
          ...report.client.breaking.map((c) => `  ✗ breaking ${c.type}: ${c.description}`),
          ...report.client.dangerous.map((c) => `  ! dangerous ${c.type}: ${c.description}`),
        ]),
  ];
  if (report.refusals.length > 0) lines.push('', 'Refused', ...problemLines(report.refusals));
  lines.push('', report.publishable ? `✓ may be published (supergraph ${report.supergraphVersion})` : '✗ may not be published; see above');
  return `${lines.join('\n')}\n`;
}
