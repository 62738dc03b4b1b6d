/**
 * The families of parameter types a catalog schema names (sim2l's `Number`, `Integer`, `Text`, …
 * or JSON-ish lower-case ones, compared lower-cased): the catalog validates schemas with them and
 * the results service checks registered values against them.
 */
export const NUMERIC_TYPES: ReadonlySet<string> = new Set(['number', 'integer', 'float', 'double', 'int']);
export const INTEGER_TYPES: ReadonlySet<string> = new Set(['integer', 'int']);
export const BOOLEAN_TYPES: ReadonlySet<string> = new Set(['boolean', 'bool']);
export const TEXT_TYPES: ReadonlySet<string> = new Set(['text', 'string', 'str']);
