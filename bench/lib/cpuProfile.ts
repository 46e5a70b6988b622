import fs from 'node:fs';
import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (Chrome DevTools format) we read. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  /** Share of all samples in which the process was idle (waiting for I/O); the rest is "busy". */
  idlePercent: number;
  /** Share of busy samples per origin: an npm package, `project:<folder>`, `node:` internals, `(gc)`, `(idle)`... */
  byOrigin: Array<{ origin: string; percent: number }>;
  /** Functions with the most self time, as a share of busy samples. */
  topFunctions: Array<{ name: string; percent: number }>;
}

function originOf(url: string, functionName: string, root: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const file = url.startsWith('file://') ? url.slice('file://'.length) : url;
  const inModules = file.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const parts = file.slice(inModules + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (file.startsWith('node:')) return 'node: internals';
  if (file.startsWith(root)) return `project:${path.relative(root, file).split(path.sep)[0]}`;
  return file;
}

/** Self time of a CPU profile by origin and by function: where a process spends its CPU. */
export function summarizeProfile(file: string, root: string, top = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const all = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const idle = profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const total = all - idle || 1;
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (hits === 0 || functionName === '(idle)') continue;
    const origin = originOf(url, functionName, root);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + hits);
    const where = url ? `${origin} ${path.basename(url)}:${lineNumber + 1}` : origin;
    const name = `${functionName || '(anonymous)'} (${where})`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
  }
  const ranked = (map: Map<string, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, hits]) => [key, Math.round((1000 * hits) / total) / 10] as const);
  return {
    file,
    idlePercent: Math.round((1000 * idle) / all) / 10,
    byOrigin: ranked(byOrigin).map(([origin, percent]) => ({ origin, percent })),
    topFunctions: ranked(byFunction).map(([name, percent]) => ({ name, percent })),
  };
}
