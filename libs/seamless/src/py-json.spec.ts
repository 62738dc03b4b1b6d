import { dumps, fromJs, loads, loadsWithSpans, PyFloat, pyEquals, PyJsonError } from './py-json';

// Expected texts were produced by CPython 3.11's json module from the same inputs.
describe('Python-compatible JSON', () => {
  it('writes floats as Python repr does', () => {
    const floats = [
      0, -0, 1, 1.5, 0.1, 1e16, 1e15, 123456789012345.6, 1.5e16, 1e-4, 1e-5, 0.00012345, 5e-324,
    ];
    floats.push(1.7976931348623157e308, 2.5e-7, 1e22, 100, 3.14159, -2.5e-10, 9007199254740992, Infinity);
    floats.push(-Infinity, NaN);
    expect(dumps(floats.map((f) => new PyFloat(f)))).toBe(
      '[0.0, -0.0, 1.0, 1.5, 0.1, 1e+16, 1000000000000000.0, 123456789012345.6, 1.5e+16, 0.0001, 1e-05, ' +
        '0.00012345, 5e-324, 1.7976931348623157e+308, 2.5e-07, 1e+22, 100.0, 3.14159, -2.5e-10, ' +
        '9007199254740992.0, Infinity, -Infinity, NaN]',
    );
  });

  it('escapes strings as ensure_ascii does', () => {
    expect(dumps('a"b\\c\n\t\u0000\u001f\u007f é 𝄞 \u2028 /')).toBe(
      '"a\\"b\\\\c\\n\\t\\u0000\\u001f\\u007f \\u00e9 \\ud834\\udd1e \\u2028 /"',
    );
  });

  it('keeps key order (integer-like keys too), and sorts and indents on request', () => {
    const value = loads('{"b": [1, 2.0, {"z": null, "a": true}], "a": {}, "é": [], "2": "x", "10": "y"}');
    expect(dumps(value)).toBe(
      '{"b": [1, 2.0, {"z": null, "a": true}], "a": {}, "\\u00e9": [], "2": "x", "10": "y"}',
    );
    expect(dumps(value, { sortKeys: true, indent: 2 })).toBe(
      '{\n  "10": "y",\n  "2": "x",\n  "a": {},\n  "b": [\n    1,\n    2.0,\n    {\n      "a": true,\n' +
        '      "z": null\n    }\n  ],\n  "\\u00e9": []\n}',
    );
  });

  it('reads numbers without loss and duplicate keys as Python does', () => {
    const text = '{"a": 1E400, "b": -0, "c": 1.0e5, "d": 12345678901234567890123, "e": -1.50, "a": 2}';
    expect(dumps(loads(text))).toBe(
      '{"a": 2, "b": 0, "c": 100000.0, "d": 12345678901234567890123, "e": -1.5}',
    );
    expect(dumps(loads('[NaN, Infinity, -Infinity, 1e400]'))).toBe('[NaN, Infinity, -Infinity, Infinity]');
  });

  it.each([
    ['nothing', '', 'Expecting value'],
    ['a trailing comma', '{"a": 1,}', 'Expecting property name'],
    ['a missing comma', '[1 2]', "Expecting ',' delimiter"],
    ['a raw tab in a string', '"tab\there"', 'Invalid control character'],
    ['an unknown escape', '"\\x"', 'Invalid \\escape'],
    ['a leading zero', '01', 'Extra data'],
    ['a missing colon', '{"a" 1}', "Expecting ':' delimiter"],
    ['an open string', '"open', 'Unterminated string'],
    ['1001 nested lists', '['.repeat(1001), 'Too deeply nested'],
  ])('refuses %s', (_what, text, message) => {
    expect(() => loads(text)).toThrow(PyJsonError);
    expect(() => loads(text)).toThrow(message);
  });

  it('gives the exact text of each top-level member', () => {
    const text = '{"type": "metadata", "value" :  {"x": 1.0, "n": [1,2]} , "z": 0}';
    const { spans } = loadsWithSpans(text);
    const [start, end] = spans.get('value')!;
    expect(text.slice(start, end)).toBe('{"x": 1.0, "n": [1,2]}');
  });

  it('compares values as Python does', () => {
    expect(pyEquals(loads('{"a": 1, "b": [true]}'), loads('{"b": [1.0], "a": 1.0}'))).toBe(true);
    expect(pyEquals(loads('{"a": 1}'), loads('{"a": 1, "b": 2}'))).toBe(false);
    expect(pyEquals(loads('9007199254740993'), loads('9007199254740992.0'))).toBe(false);
    expect(pyEquals(loads('NaN'), loads('NaN'))).toBe(false);
    expect(pyEquals(loads('"1"'), loads('1'))).toBe(false);
  });

  it('reads JavaScript values in the same form', () => {
    expect(dumps(fromJs({ n: 3, f: 0.5, l: [null, 'x'] }))).toBe('{"n": 3, "f": 0.5, "l": [null, "x"]}');
  });
});
