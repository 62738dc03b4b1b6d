import { carryFloats, isFloat, parseJson, stringifyJson } from './json-floats';

describe('floats kept as written', () => {
  it('round-trips integral floats and leaves integers, fractions and strings alone', () => {
    const text =
      '{"a": 1.0, "b": 2, "c": [3.0, 4, {"d": -0.0}], "e": "1.0 \\" 5.0", "f": 1.5e1, "g": 0.25, "h": 1e16, "i": 1E2}';
    const value = parseJson(text) as Record<string, unknown>;
    expect(isFloat(value, 'a')).toBe(true);
    expect(isFloat(value, 'b')).toBe(false);
    expect(stringifyJson(value)).toBe(
      '{"a":1.0,"b":2,"c":[3.0,4,{"d":-0.0}],"e":"1.0 \\" 5.0","f":15.0,"g":0.25,"h":1e+16,"i":100.0}',
    );
  });

  it('finds an integral float wherever a number stands, whatever strings hold', () => {
    // Each text holds one integral float, in a place of its own (first, alone, after a key with
    // an escape, before whitespace, beside version strings that look like floats).
    const texts = [
      '[7.0]',
      '[ 7.00 ,1]',
      '{"v": "1.0.0", "n":\n7.0\n}',
      '{"v": "1.0.0", "k\\u0041": 7.0}',
      '{"version": "2.0", "n": 7e0}',
      '{"a": [1, "x", 7.0]}',
    ];
    for (const text of texts) expect(stringifyJson(parseJson(text))).toMatch(/7\.0[^0-9]/);
    expect(stringifyJson(parseJson('{"kA": 7.0}'))).toBe('{"kA":7.0}');
    expect(stringifyJson(parseJson('{"v": "1.0.0", "n": 7}'))).toBe('{"v":"1.0.0","n":7}');
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    expect(stringifyJson(parseJson('{"a": 1.0, "a": 2}'))).toBe('{"a":2}');
    expect(stringifyJson(parseJson('{"a": 1, "a": 2.0}'))).toBe('{"a":2.0}');
  });

  it('carries marks onto a copy, and writes no placeholder for a string that looks like one', () => {
    const from = parseJson('{"x": {"y": [1.0]}, "z": 2.0}') as Record<string, unknown>;
    const to = JSON.parse(JSON.stringify(from)) as Record<string, unknown>;
    carryFloats(from, to);
    expect(stringifyJson(to)).toBe('{"x":{"y":[1.0]},"z":2.0}');
    expect(stringifyJson({ s: '\u0000abc:1.0' })).toBe(JSON.stringify({ s: '\u0000abc:1.0' }));
  });

  it('leaves numbers unmarked in text nested deeper than the stack, without failing', () => {
    const depth = 200_000;
    const text = `${'['.repeat(depth)}1.0${']'.repeat(depth)}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return; // this engine's JSON.parse refuses it first
    }
    expect(() => parseJson(text)).not.toThrow();
    expect(value).toBeDefined();
  });
});
