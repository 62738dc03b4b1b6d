import { BOOLEAN_TYPES, INTEGER_TYPES, NUMERIC_TYPES, TEXT_TYPES } from '@simvault/contracts';
import type { ParamClass } from '@simvault/entities';
import type * as MathJs from 'mathjs' with { 'resolution-mode': 'import' };

// mathjs ships CommonJS for require(); its type declarations are written as an ES module.
const { create, createUnitDependencies, unitDependencies } = require('mathjs') as typeof MathJs;
type MathJsInstance = MathJs.MathJsInstance;

/** One disagreement between a registered value and the catalog version's schema (its wire shape). */
export type { SchemaWarningResponse as SchemaWarning } from './dto/registration-response.dto';
import type { SchemaWarningResponse as SchemaWarning } from './dto/registration-response.dto';

/** What registration hands the check: each value with the units the run gave, if any. */
export interface CheckedValue {
  paramClass: ParamClass;
  name: string;
  value: unknown;
  units: string | null;
}

type Spec = Record<string, unknown>;
export type CatalogSchema = Record<string, Spec>;

/**
 * mathjs's unit parser (SI prefixes, compound units such as `N/mm^2` or `J/(kg K)`), loaded on
 * the first comparison of two unit strings that differ: most registrations name the catalog's
 * units exactly and never pay for it. mathjs names `Pa` but not `pascal`, `m` and `meter` but not
 * `metre`: those long names are declared here through mathjs itself (createUnit), not converted
 * by hand.
 */
let units: MathJsInstance | undefined;
function unitMath(): MathJsInstance {
  if (!units) {
    units = create({ unitDependencies, createUnitDependencies });
    units.createUnit({
      pascal: { definition: '1 Pa', aliases: ['pascals'] },
      metre: { definition: '1 m', aliases: ['metres'] },
    });
  }
  return units;
}

/**
 * Whether two unit strings name the same unit: equal strings, or units mathjs reads as the same
 * dimension with a factor of 1 and no offset (`Pa` = `pascal` = `N/m^2`; `kPa` ≠ `Pa`; `degC` ≠ `K`).
 * Answers a sentence when they differ, null when they agree.
 */
export function unitsDisagree(given: string, declared: string): string | null {
  if (given.trim() === declared.trim()) return null;
  const math = unitMath();
  let a, b;
  try {
    a = math.unit(given.trim());
    b = math.unit(declared.trim());
  } catch {
    return `units "${given}" and the catalog's "${declared}" could not both be read as units`;
  }
  if (!a.equalBase(b)) return `units "${given}" measure something else than the catalog's "${declared}"`;
  const one = math.unit(1, given.trim()).toNumber(declared.trim());
  const zero = math.unit(0, given.trim()).toNumber(declared.trim());
  if (Math.abs(one - 1) < 1e-12 && Math.abs(zero) < 1e-12) return null;
  return `units "${given}" are not the catalog's "${declared}" (1 ${given} = ${one} ${declared})`;
}

const typeOf = (spec: Spec) => (typeof spec.type === 'string' ? spec.type.toLowerCase() : '');
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks a result's values against its catalog version's input and output schemas: the type (for
 * the number, integer, text and boolean families; other types are not checked), units after
 * normalisation, `min`/`max`/`range`, `options`, parameters declared `required: true` that are
 * missing, and parameters the schema does not declare. Answers every warning, in parameter order.
 */
export function checkAgainstSchema(
  schemas: Record<ParamClass, CatalogSchema>,
  values: CheckedValue[],
): SchemaWarning[] {
  const warnings: SchemaWarning[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    seen.add(`${v.paramClass}:${v.name}`);
    const spec = schemas[v.paramClass]?.[v.name];
    const warn = (problem: SchemaWarning['problem'], message: string) =>
      warnings.push({
        param: v.name,
        class: v.paramClass,
        problem,
        message: `${v.paramClass}s.${v.name}: ${message}`,
      });
    if (!spec || typeof spec !== 'object') {
      warn('undeclared', `the catalog's ${v.paramClass} schema does not declare it`);
      continue;
    }
    if (v.value === null || v.value === undefined) continue;
    const type = typeOf(spec);
    if (NUMERIC_TYPES.has(type) && !isNum(v.value))
      warn('type', `${JSON.stringify(v.value)} is not a number (declared ${String(spec.type)})`);
    else if (INTEGER_TYPES.has(type) && !Number.isInteger(v.value))
      warn('type', `${String(v.value)} is not a whole number (declared ${String(spec.type)})`);
    else if (TEXT_TYPES.has(type) && typeof v.value !== 'string')
      warn('type', `${JSON.stringify(v.value)} is not text (declared ${String(spec.type)})`);
    else if (BOOLEAN_TYPES.has(type) && typeof v.value !== 'boolean')
      warn('type', `${JSON.stringify(v.value)} is not a boolean (declared ${String(spec.type)})`);
    if (typeof spec.units === 'string' && spec.units.trim() !== '' && v.units) {
      const problem = unitsDisagree(v.units, spec.units);
      if (problem) warn('units', problem);
    }
    if (isNum(v.value)) {
      const range = Array.isArray(spec.range) ? spec.range : [];
      const min = isNum(spec.min) ? spec.min : isNum(range[0]) ? range[0] : undefined;
      const max = isNum(spec.max) ? spec.max : isNum(range[1]) ? range[1] : undefined;
      if (min !== undefined && v.value < min) warn('min', `${v.value} is below the declared minimum ${min}`);
      if (max !== undefined && v.value > max) warn('max', `${v.value} is above the declared maximum ${max}`);
    }
    if (Array.isArray(spec.options) && spec.options.length > 0 && !spec.options.some((o) => o === v.value)) {
      warn('options', `${JSON.stringify(v.value)} is not one of the declared options`);
    }
  }
  for (const paramClass of ['input', 'output'] as const) {
    for (const [name, spec] of Object.entries(schemas[paramClass] ?? {})) {
      if (spec && spec.required === true && !seen.has(`${paramClass}:${name}`)) {
        warnings.push({
          param: name,
          class: paramClass,
          problem: 'required',
          message: `${paramClass}s.${name}: required by the catalog's schema and missing`,
        });
      }
    }
  }
  return warnings;
}
