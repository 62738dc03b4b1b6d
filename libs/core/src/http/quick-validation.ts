import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { numberProblem, numericFields } from './errors';
import { nullMeaning } from './nulls';

/**
 * The quick path of the validation pipe, for a JSON body that certainly passes. class-validator
 * and class-transformer cost more than the rest of a small write route together (a profile of
 * POST /cache: 19 % of its CPU), and nearly every body they see is valid. So for a DTO class made
 * only of flat rules whose meaning is plain (below), the pipe first checks the body itself; when
 * every field certainly passes every rule (class-validator's, the null rule and the range rule),
 * it builds the DTO the way the full path would (fields without a rule left out), else it takes
 * the full path, which alone writes the 400 sentences. Each check here is at least as strict as
 * the rule it stands for, so the quick path can only decline, never accept what the full path
 * refuses (quick-validation.spec.ts compares the two on generated bodies).
 */

type Check = (value: unknown) => boolean;

interface Field {
  key: string;
  optional: boolean;
  nullMeans: ReturnType<typeof nullMeaning>;
  checks: Check[];
}

interface Plan {
  fields: Field[];
  known: Set<string>;
}

const isNumber = (v: unknown): v is number => typeof v === 'number';

/** The rules the quick path knows, each as strict as class-validator's, or stricter. */
const RULES: Record<string, (constraints: unknown[]) => Check | undefined> = {
  isString: () => (v) => typeof v === 'string',
  isNotEmpty: () => (v) => v !== '' && v !== null && v !== undefined,
  // class-validator counts a surrogate pair (and U+FE0E/F) as one character: `length` is never less.
  maxLength: ([max]) => (isNumber(max) ? (v) => typeof v === 'string' && v.length <= max : undefined),
  minLength: ([min]) =>
    isNumber(min)
      ? (v) =>
          typeof v === 'string' &&
          v.length >= min &&
          !/[\ud800-\udfff]/.test(v) &&
          !v.includes('\ufe0e') &&
          !v.includes('\ufe0f')
      : undefined,
  isInt: () => (v) => Number.isInteger(v),
  // Finite only: stricter than any of isNumber's options except maxDecimalPlaces (declined below).
  isNumber: ([options]) =>
    (options as { maxDecimalPlaces?: number } | undefined)?.maxDecimalPlaces === undefined
      ? (v) => Number.isFinite(v)
      : undefined,
  min: ([min]) => (isNumber(min) ? (v) => isNumber(v) && v >= min : undefined),
  max: ([max]) => (isNumber(max) ? (v) => isNumber(v) && v <= max : undefined),
  isBoolean: () => (v) => typeof v === 'boolean',
  isObject: () => (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  isIn: ([allowed]) => (Array.isArray(allowed) ? (v) => allowed.includes(v) : undefined),
};

/** Whether class-transformer has anything to do for `target` (a @Type, @Transform, @Expose, @Exclude). */
function transformsSomething(target: object): boolean {
  // Not exported as API (the package has no `exports` map): class-transformer's own storage, read
  // once per class. A storage without these maps declines every class.
  const storage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: unknown })
    .defaultMetadataStorage as Record<string, Map<object, unknown>>;
  const maps = ['_typeMetadatas', '_transformMetadatas', '_exposeMetadatas', '_excludeMetadatas'];
  for (let t: object | null = target; t && t !== Function.prototype; t = Object.getPrototypeOf(t) as object) {
    if (maps.some((name) => !(storage[name] instanceof Map) || storage[name].has(t))) return true;
  }
  return false;
}

/** The plan for a DTO class, or null when one of its rules is not one the quick path knows. */
function planOf(target: new () => object): Plan | null {
  if (transformsSomething(target)) return null;
  const metadatas: ValidationMetadata[] = getMetadataStorage().getTargetValidationMetadatas(
    target,
    '',
    true,
    false,
  );
  if (metadatas.length === 0) return null;
  const byKey = new Map<string, Field>();
  for (const m of metadatas) {
    if (typeof m.propertyName !== 'string' || m.each || m.always || (m.groups?.length ?? 0) > 0) return null;
    let field = byKey.get(m.propertyName);
    if (!field) {
      field = {
        key: m.propertyName,
        optional: false,
        nullMeans: nullMeaning(target.prototype as object, m.propertyName),
        checks: [],
      };
      byKey.set(m.propertyName, field);
    }
    if (m.type === 'conditionalValidation' && m.name === 'isOptional') field.optional = true;
    else if (m.type === 'customValidation' && m.name !== undefined && m.name in RULES) {
      const check = RULES[m.name](m.constraints ?? []);
      if (!check) return null;
      field.checks.push(check);
    } else return null;
  }
  return { fields: [...byKey.values()], known: new Set(byKey.keys()) };
}

const plans = new Map<object, Plan | null>();

/**
 * The DTO the full validation path would make of `value`, when it certainly makes one without an
 * error; undefined when it might not (or the class is not one the quick path knows).
 */
export function acceptQuickly(metatype: unknown, value: unknown): object | undefined {
  if (typeof metatype !== 'function' || typeof value !== 'object' || value === null) return undefined;
  if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  let plan = plans.get(metatype);
  if (plan === undefined) {
    plan = planOf(metatype as new () => object);
    plans.set(metatype, plan);
  }
  if (plan === null) return undefined;
  const target = metatype as new () => Record<string, unknown>;
  const entity = new target();
  // What the full path keeps: the class's own defaults and the body's fields, those with a rule.
  for (const key of Object.keys(entity)) if (!plan.known.has(key)) delete entity[key];
  const body = value as Record<string, unknown>;
  for (const field of plan.fields) {
    if (!Object.prototype.hasOwnProperty.call(body, field.key)) continue;
    const given = body[field.key];
    if (given === null) {
      // The null rule: an optional field's null is "not given" (its default stays) or a value.
      if (!field.optional || field.nullMeans === 'refused') return undefined;
      if (field.nullMeans === 'value') entity[field.key] = null;
      continue;
    }
    entity[field.key] = given;
  }
  const { bounds } = numericFields(target);
  for (const field of plan.fields) {
    const v = entity[field.key];
    if (v === undefined || v === null) {
      if (field.optional) continue;
      return undefined;
    }
    for (const check of field.checks) if (!check(v)) return undefined;
    const b = bounds.get(field.key);
    if (b && isNumber(v) && numberProblem(field.key, v, b) !== undefined) return undefined;
  }
  return entity;
}
