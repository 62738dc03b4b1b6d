import { schemaProblems } from './schema-validation';

describe('schema validation', () => {
  it('accepts sim2l types in any case and an empty schema', () => {
    expect(schemaProblems('s', {})).toEqual([]);
    expect(
      schemaProblems('s', {
        a: { type: 'NUMBER', units: 'K', range: [0, 10], value: 5 },
        b: { type: 'element' },
        c: { type: 'Choice', choices: ['x'], default: 'x' },
      }),
    ).toEqual([]);
  });

  it('names each problem with its parameter', () => {
    expect(schemaProblems('s', [])).toEqual(['s must be an object of parameters ({name: {type, ...}})']);
    expect(schemaProblems('s', { a: { type: 3 }, b: { type: 'Number', units: 5, min: 'low' } })).toEqual([
      's.a.type must be a string',
      's.b.units must be a string',
      's.b.min must be a number (got "low")',
    ]);
  });
});
