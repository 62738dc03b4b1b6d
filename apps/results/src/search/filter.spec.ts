import { ApiError } from '@simvault/core';
import { FilterSyntaxError, parseFilter } from './filter';
import { filterFromObjects } from './filter-objects';

const temperature = { kind: 'param', scope: 'input', name: 'temperature' };

describe('the filter string', () => {
  it('parses comparisons, IN, IS NULL, AND/OR/NOT with precedence and parentheses', () => {
    expect(
      parseFilter('inputs.temperature >= 300 and (outputs.converged = true or inputs.mesh in (1, 2))'),
    ).toEqual({
      op: 'and',
      args: [
        { op: 'compare', field: temperature, compare: '>=', value: 300 },
        {
          op: 'or',
          args: [
            {
              op: 'compare',
              field: { kind: 'param', scope: 'output', name: 'converged' },
              compare: '=',
              value: true,
            },
            { op: 'in', field: { kind: 'param', scope: 'input', name: 'mesh' }, values: [1, 2] },
          ],
        },
      ],
    });
    expect(parseFilter('a.b = 1 or inputs.x = 2 and not inputs.y = 3'.replace('a.b', 'inputs.b'))).toEqual({
      op: 'or',
      args: [
        { op: 'compare', field: { kind: 'param', scope: 'input', name: 'b' }, compare: '=', value: 1 },
        {
          op: 'and',
          args: [
            { op: 'compare', field: { kind: 'param', scope: 'input', name: 'x' }, compare: '=', value: 2 },
            {
              op: 'not',
              arg: {
                op: 'compare',
                field: { kind: 'param', scope: 'input', name: 'y' },
                compare: '=',
                value: 3,
              },
            },
          ],
        },
      ],
    });
    expect(parseFilter("INPUTS.temperature != -1.5e2 AND status <> 'failed'")).toEqual({
      op: 'and',
      args: [
        { op: 'not', arg: { op: 'compare', field: temperature, compare: '=', value: -150 } },
        {
          op: 'not',
          arg: { op: 'compare', field: { kind: 'result', name: 'status' }, compare: '=', value: 'failed' },
        },
      ],
    });
    expect(parseFilter('outputs.`max stress` is not null')).toEqual({
      op: 'not',
      arg: { op: 'null', field: { kind: 'param', scope: 'output', name: 'max stress' } },
    });
    expect(parseFilter(`inputs.label not in ('it''s', "a\\"b", null, false)`)).toEqual({
      op: 'not',
      arg: {
        op: 'in',
        field: { kind: 'param', scope: 'input', name: 'label' },
        values: ["it's", 'a"b', null, false],
      },
    });
    expect(parseFilter('not not inputs.temperature == 3')).toEqual({
      op: 'compare',
      field: temperature,
      compare: '=',
      value: 3,
    });
  });

  it.each([
    [
      'inputs.temperature >= ',
      22,
      'expected a value (a number, a quoted string, true, false or null) but found the end of the filter',
    ],
    ['inputs.temperature >= 300 and', 29, 'expected a field such as inputs.temperature'],
    ['(inputs.a = 1', 13, 'expected ")" to close the "(" at position 1'],
    ['inputs.a = 1)', 12, 'expected "and", "or" or the end of the filter but found ")"'],
    ["inputs.a = 'open", 11, 'the string starting here is not closed'],
    ['temperature > 3', 0, '"temperature" is not a field'],
    ['inputs.a in 1, 2', 12, 'expected "(" to start the list of values'],
    ['inputs.a is 3', 12, 'expected "null" or "not null" after "is"'],
    ['inputs.a ~ 3', 9, 'unexpected character "~"'],
    ['inputs.a = 3x', 12, 'a number runs into a name'],
    ['', 0, 'expected a condition'],
  ])('points at the error in %j', (filter, position, problem) => {
    try {
      parseFilter(filter);
      throw new Error('parsed');
    } catch (error) {
      expect(error).toBeInstanceOf(FilterSyntaxError);
      const e = error as FilterSyntaxError;
      expect(e.position).toBe(position);
      expect(e.message).toContain(problem);
      expect(e.pointer.split('\n')[1]).toBe(`${' '.repeat(position)}^`);
    }
  });
});

describe("sim2l's filter objects", () => {
  it('turn values into equality and operators into conditions', () => {
    expect(filterFromObjects('input', { temperature: 350, shape: [1, 2], opt: null })).toEqual([
      { op: 'compare', field: temperature, compare: '=', value: 350 },
      { op: 'compare', field: { kind: 'param', scope: 'input', name: 'shape' }, compare: '=', value: [1, 2] },
      { op: 'null', field: { kind: 'param', scope: 'input', name: 'opt' } },
    ]);
    expect(
      filterFromObjects('input', { temperature: { $gt: 1, $lte: 5, $ne: 3, $nin: [4], $exists: true } }),
    ).toEqual([
      {
        op: 'and',
        args: [
          { op: 'compare', field: temperature, compare: '>', value: 1 },
          { op: 'compare', field: temperature, compare: '<=', value: 5 },
          { op: 'not', arg: { op: 'compare', field: temperature, compare: '=', value: 3 } },
          { op: 'not', arg: { op: 'in', field: temperature, values: [4] } },
          { op: 'exists', field: temperature },
        ],
      },
    ]);
  });

  it('refuse unknown operators and misshapen operands with the path to them', () => {
    const sentence = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        return ((error as ApiError).getResponse() as { error: string }).error;
      }
      throw new Error('accepted');
    };
    expect(sentence(() => filterFromObjects('output', { x: { $regex: 'a' } }))).toMatch(
      /^output_filters\.x\.\$regex: unknown operator \$regex; use \$eq, /,
    );
    expect(sentence(() => filterFromObjects('input', { x: { $in: 3 } }))).toBe(
      'input_filters.x.$in takes a list of values.',
    );
    expect(sentence(() => filterFromObjects('input', { x: { $exists: 'yes' } }))).toMatch(
      /takes true or false/,
    );
  });
});
