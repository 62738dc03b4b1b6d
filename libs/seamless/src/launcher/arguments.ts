/**
 * The command line of the Seamless drop-in servers (seamless-database, and hashserver after it):
 * `NAME FILE [--port P | --port-range START END] [--host H] [--writable] [--status-file F]
 * [--timeout SECONDS]`, read the way Python's argparse reads it (`--opt value` or `--opt=value`).
 */
export interface LauncherArguments {
  file: string;
  port?: number;
  portRange?: [number, number];
  host: string;
  writable: boolean;
  statusFile?: string;
  /** Seconds without a request before the server exits. */
  timeout?: number;
}

/** A command line that cannot be read: print `usage` and the message, exit 2 (as argparse does). */
export class UsageError extends Error {}

export function usage(name: string, positional: string): string {
  return (
    `usage: ${name} [-h] [--port PORT | --port-range START END] [--host HOST] [--writable]\n` +
    `${' '.repeat(name.length + 7)} [--status-file STATUS_FILE] [--timeout TIMEOUT] ${positional}`
  );
}

export function parseLauncherArguments(
  argv: string[],
  defaults: { host: string; positional: string },
): LauncherArguments | 'help' {
  const args: Partial<LauncherArguments> & { host: string; writable: boolean } = {
    host: defaults.host,
    writable: false,
  };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unrecognized arguments: ${arg}`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const values = (n: number, metavar: string): string[] => {
      if (inline !== undefined) {
        if (n !== 1) throw new UsageError(`argument ${name}: expected ${n} arguments`);
        return [inline];
      }
      const taken = argv.slice(i + 1, i + 1 + n);
      if (taken.length < n || taken.some((v) => v.startsWith('--'))) {
        throw new UsageError(
          `argument ${name}: expected ${n === 1 ? 'one argument' : `${n} arguments`} (${metavar})`,
        );
      }
      i += n;
      return taken;
    };
    switch (name) {
      case '--port':
        if (args.portRange) throw new UsageError('argument --port: not allowed with argument --port-range');
        args.port = integer(name, values(1, 'PORT')[0]);
        break;
      case '--port-range': {
        if (args.port !== undefined)
          throw new UsageError('argument --port-range: not allowed with argument --port');
        const [start, end] = values(2, 'START END');
        args.portRange = [integer(name, start), integer(name, end)];
        break;
      }
      case '--host':
        args.host = values(1, 'HOST')[0];
        break;
      case '--writable':
        if (inline !== undefined) throw new UsageError('argument --writable: ignored explicit argument');
        args.writable = true;
        break;
      case '--status-file':
        args.statusFile = values(1, 'STATUS_FILE')[0];
        break;
      case '--timeout': {
        const raw = values(1, 'TIMEOUT')[0];
        const seconds = pythonFloat(raw);
        if (seconds === undefined) {
          throw new UsageError(`argument --timeout: invalid float value: '${raw}'`);
        }
        args.timeout = seconds;
        break;
      }
      default:
        throw new UsageError(`unrecognized arguments: ${arg}`);
    }
  }
  if (positional.length === 0)
    throw new UsageError(`the following arguments are required: ${defaults.positional}`);
  if (positional.length > 1) throw new UsageError(`unrecognized arguments: ${positional.slice(1).join(' ')}`);
  return { ...args, file: positional[0] };
}

function integer(name: string, raw: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw new UsageError(`argument ${name}: invalid int value: '${raw}'`);
  return Number(raw);
}

/** Python's float(): decimal or exponent notation, or inf/infinity/nan in any case. */
function pythonFloat(raw: string): number | undefined {
  const text = raw.trim();
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special) return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}
