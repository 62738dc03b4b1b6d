import { BOOLEAN_TYPES, INTEGER_TYPES, NUMERIC_TYPES } from '@simvault/contracts';

/**
 * Input and output schemas: `{parameter: {type, units?, min?, max?, range?, default? | value?,
 * options?, ...}}`. Every parameter needs a type, in sim2l's names (`Number`, `Integer`, `Text`,
 * `Boolean`, `Choice`, `List`, `Dict`, `Array`, `File`, …) or JSON-ish lower-case ones; other keys
 * are kept as sent. Answers every problem found, each a sentence naming the parameter.
 */
export const PARAMETER_TYPES = [
  'number',
  'integer',
  'float',
  'double',
  'int',
  'text',
  'string',
  'str',
  'boolean',
  'bool',
  'choice',
  'enum',
  'list',
  'array',
  'dict',
  'object',
  'map',
  'file',
  'image',
  'element',
  'tag',
  'vector',
  'matrix',
  'date',
  'datetime',
  'path',
  'json',
  'any',
  'null',
];

const NUMERIC = NUMERIC_TYPES;
const INTEGER = INTEGER_TYPES;
const BOOLEAN = BOOLEAN_TYPES;
const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', '1', '0']);
const MAX_PARAMETERS = 2000;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function schemaProblems(field: string, schema: unknown): string[] {
  if (!isPlainObject(schema)) return [`${field} must be an object of parameters ({name: {type, ...}})`];
  const names = Object.keys(schema);
  if (names.length > MAX_PARAMETERS)
    return [`${field} has ${names.length} parameters; at most ${MAX_PARAMETERS}`];
  const problems: string[] = [];
  for (const name of names) {
    const at = `${field}.${name}`;
    if (!name.trim() || name.length > 255) {
      problems.push(`${field} has a parameter name that is empty or longer than 255 characters`);
      continue;
    }
    const spec = schema[name];
    if (!isPlainObject(spec)) {
      problems.push(`${at} must be an object with a type (got ${JSON.stringify(spec) ?? 'undefined'})`);
      continue;
    }
    problems.push(...parameterProblems(at, spec));
  }
  return problems;
}

function parameterProblems(at: string, spec: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (spec.type === undefined || spec.type === null || spec.type === '') return [`${at} has no type`];
  if (typeof spec.type !== 'string') return [`${at}.type must be a string`];
  const type = spec.type.toLowerCase();
  if (!PARAMETER_TYPES.includes(type)) {
    return [
      `${at}.type "${spec.type}" is not a known parameter type (use Number, Integer, Text, Boolean, Choice, List, Dict, Array, File, Image, Element, or a JSON type such as number, integer, string, boolean, array, object)`,
    ];
  }
  if (spec.units !== undefined && spec.units !== null && typeof spec.units !== 'string')
    problems.push(`${at}.units must be a string`);

  let min = spec.min;
  let max = spec.max;
  if (spec.range !== undefined && spec.range !== null) {
    if (!Array.isArray(spec.range) || spec.range.length !== 2)
      problems.push(`${at}.range must be [min, max]`);
    else [min, max] = [min ?? spec.range[0], max ?? spec.range[1]];
  }
  for (const [key, value] of [
    ['min', min],
    ['max', max],
  ] as const) {
    if (value !== undefined && value !== null && !isNumber(value))
      problems.push(`${at}.${key} must be a number (got ${JSON.stringify(value)})`);
  }
  if (isNumber(min) && isNumber(max) && min > max)
    problems.push(`${at}: min ${min} is greater than max ${max}`);

  const hasDefault = spec.default !== undefined && spec.default !== null;
  const fallback = hasDefault ? spec.default : spec.value;
  const label = hasDefault ? 'default' : 'value';
  if (fallback === undefined || fallback === null) return problems;
  if (NUMERIC.has(type) && typeof fallback === 'number') {
    if (!Number.isFinite(fallback)) problems.push(`${at}.${label} must be a finite number`);
    else if (INTEGER.has(type) && !Number.isInteger(fallback))
      problems.push(`${at}.${label} ${fallback} is not an integer`);
    else if ((isNumber(min) && fallback < min) || (isNumber(max) && fallback > max))
      problems.push(`${at}.${label} ${fallback} is outside its range [${min ?? '-∞'}, ${max ?? '∞'}]`);
  } else if (NUMERIC.has(type) && typeof fallback !== 'string') {
    // sim2l writes numbers with units as text ("300K"): strings are left to the tool.
    problems.push(`${at}.${label} must be a number`);
  } else if (BOOLEAN.has(type)) {
    if (typeof fallback !== 'boolean' && !BOOLEAN_WORDS.has(String(fallback).toLowerCase()))
      problems.push(`${at}.${label} must be true or false`);
  } else if (type === 'choice' || type === 'enum') {
    const options = spec.options ?? spec.choices;
    if (options !== undefined && options !== null) {
      if (!Array.isArray(options) || options.length === 0)
        problems.push(`${at}.options must be a non-empty list`);
      else {
        const values = options.map((o) => (isPlainObject(o) && 'value' in o ? o.value : o));
        if (!values.some((v) => v === fallback))
          problems.push(`${at}.${label} ${JSON.stringify(fallback)} is not one of its options`);
      }
    }
  }
  return problems;
}
