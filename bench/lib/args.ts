/**
 * A small `--name value` / `--flag` / `--no-flag` parser for the bench scripts: unknown
 * options stop the script with usage, so a typo never silently runs the default.
 */
export type OptionSpec = Record<string, { kind: 'number' | 'flag'; default: number | boolean; help: string }>;

export type ParsedOptions<S extends OptionSpec> = { [K in keyof S]: S[K]['kind'] extends 'number' ? number : boolean };

export function usage(command: string, spec: OptionSpec): string {
  const lines = Object.entries(spec).map(([name, option]) =>
    option.kind === 'flag'
      ? `  --${option.default ? 'no-' : ''}${name}`.padEnd(28) + option.help
      : `  --${name} N`.padEnd(28) + `${option.help} (default ${String(option.default)})`,
  );
  return `usage: ${command} [options]\n${lines.join('\n')}\n`;
}

export function parseOptions<S extends OptionSpec>(command: string, spec: S, argv: readonly string[] = process.argv.slice(2)): ParsedOptions<S> {
  const result: Record<string, number | boolean> = {};
  for (const [name, option] of Object.entries(spec)) result[name] = option.default;
  const fail = (message: string): never => {
    process.stderr.write(`${message}\n${usage(command, spec)}`);
    process.exit(2);
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(usage(command, spec));
      process.exit(0);
    }
    if (!arg.startsWith('--')) fail(`unexpected argument "${arg}"`);
    let name = arg.slice(2);
    let inline: string | undefined;
    if (name.includes('=')) [name, inline] = [name.slice(0, name.indexOf('=')), name.slice(name.indexOf('=') + 1)];
    const negated = name.startsWith('no-') && spec[name.slice(3)]?.kind === 'flag';
    const key = negated ? name.slice(3) : name;
    const option = spec[key];
    if (!option) fail(`unknown option --${name}`);
    if (option!.kind === 'flag') {
      result[key] = !negated;
      continue;
    }
    const raw = inline ?? argv[++index];
    const value = Number(raw);
    if (raw === undefined || raw === '' || !Number.isFinite(value) || value <= 0) fail(`--${key} needs a positive number, not "${raw ?? ''}"`);
    result[key] = value;
  }
  return result as ParsedOptions<S>;
}
