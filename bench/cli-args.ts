/** Command-line parsing shared by the bench programs, on Node's own `util.parseArgs`. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Parses argv, printing usage on --help and exiting 2 with usage on a bad argument. */
export interface CommandLine {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseCommandLine(program: string, usage: string, options: NonNullable<ParseArgsConfig['options']>, argv = process.argv.slice(2)): CommandLine {
  try {
    const parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if (parsed.values.help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed as CommandLine;
  } catch (e) {
    usageError(program, usage, (e as Error).message);
  }
}

export function usageError(program: string, usage: string, message: string): never {
  console.error(`${program}: ${message}\n${usage}`);
  process.exit(2);
}

/** A positive integer from an option's text, or a usage error naming the option. */
export function positiveInt(program: string, usage: string, what: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) usageError(program, usage, `${what} must be a positive integer, got ${text}`);
  return n;
}
