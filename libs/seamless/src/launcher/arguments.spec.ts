import { parseLauncherArguments, UsageError, type LauncherArguments } from './arguments';

const read = (...argv: string[]) =>
  parseLauncherArguments(argv, { host: '0.0.0.0', positional: 'database_file' });
const parse = (...argv: string[]) => read(...argv) as LauncherArguments;

describe('the drop-in servers command line (read as argparse reads it)', () => {
  it('reads every option in both spellings, in any order', () => {
    expect(parse('--port=5522', 'db.sqlite', '--writable')).toEqual({
      file: 'db.sqlite',
      port: 5522,
      host: '0.0.0.0',
      writable: true,
    });
    expect(
      parse(
        '--port-range',
        '5520',
        '5530',
        '--host',
        '127.0.0.1',
        '--status-file=s.json',
        '--timeout',
        '1.5',
        'x',
      ),
    ).toEqual({
      file: 'x',
      portRange: [5520, 5530],
      host: '127.0.0.1',
      writable: false,
      statusFile: 's.json',
      timeout: 1.5,
    });
    expect(read('-h')).toBe('help');
    expect(parse('--', '--odd-name.db').file).toBe('--odd-name.db');
  });

  it('reads --timeout as Python reads a float', () => {
    expect(parse('x', '--timeout', '1e-1').timeout).toBe(0.1);
    expect(parse('x', '--timeout', ' .5 ').timeout).toBe(0.5);
    expect(parse('x', '--timeout', 'inf').timeout).toBe(Infinity);
    expect(parse('x', '--timeout', '-Infinity').timeout).toBe(-Infinity);
  });

  it.each([
    [
      ['x', '--port', '1', '--port-range', '2', '3'],
      'argument --port-range: not allowed with argument --port',
    ],
    [['x', '--port-range', '2'], 'argument --port-range: expected 2 arguments (START END)'],
    [['x', '--port', 'http'], "argument --port: invalid int value: 'http'"],
    [['x', '--timeout', 'soon'], "argument --timeout: invalid float value: 'soon'"],
    [['x', '--writable=yes'], 'argument --writable: ignored explicit argument'],
    [['x', 'y'], 'unrecognized arguments: y'],
    [['x', '-v'], 'unrecognized arguments: -v'],
    [[], 'the following arguments are required: database_file'],
  ])('refuses %j', (argv, message) => {
    expect(() => read(...argv)).toThrow(UsageError);
    expect(() => read(...argv)).toThrow(message);
  });
});
