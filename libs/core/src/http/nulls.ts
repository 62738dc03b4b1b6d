import type { ValidationError } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The null rule, one for every route. A body field whose OpenAPI property says `nullable: true`
 * takes a JSON null as "not given": the validation pipe puts the field's default back (or leaves it
 * out), so services never see that null. sim2l's Python clients build bodies from keyword
 * arguments that default to None and send the unset ones as null; those fields are marked so.
 * `@NullIsValue()` keeps the null for the few fields where it says something (a PATCH that clears
 * a field, a move to the top level). A null anywhere else is a 400 naming the field.
 */
const NULL_IS_VALUE = 'simvault:null-is-value';
/** Where @nestjs/swagger keeps a property's OpenAPI options (not exported; nulls.spec.ts checks it). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/**
 * On a property: a JSON null is passed on as null (and the OpenAPI document says `nullable`).
 * On a DTO class: the same for each of its properties that the OpenAPI document marks nullable
 * (for classes made with PartialType, whose properties cannot be decorated again).
 */
export function NullIsValue(): PropertyDecorator & ClassDecorator {
  return ((target: object, key?: string | symbol) => {
    if (key === undefined) {
      Reflect.defineMetadata(NULL_IS_VALUE, true, target);
      return;
    }
    Reflect.defineMetadata(NULL_IS_VALUE, true, target, key);
    ApiPropertyOptional({ nullable: true })(target, key);
  }) as PropertyDecorator & ClassDecorator;
}

export type NullMeaning = 'absent' | 'value' | 'refused';

function meaningOf(instance: object, key: string): NullMeaning {
  return nullMeaning(Object.getPrototypeOf(instance) as object, key);
}

/** What a JSON null in field `key` of a DTO with prototype `proto` means (see the null rule above). */
export function nullMeaning(proto: object, key: string): NullMeaning {
  const property = Reflect.getMetadata(API_MODEL_PROPERTIES, proto, key) as
    { nullable?: boolean } | undefined;
  if (Reflect.getMetadata(NULL_IS_VALUE, proto, key) === true) return 'value';
  if (property?.nullable !== true) return 'refused';
  return Reflect.getMetadata(NULL_IS_VALUE, proto.constructor) === true ? 'value' : 'absent';
}

/** A validated DTO instance (not a free-form object such as `metadata` or `input_params`). */
function isDto(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  return proto !== null && proto !== Object.prototype && !(value instanceof Date) && !Buffer.isBuffer(value);
}

function hasErrorAt(errors: ValidationError[], path: string[]): boolean {
  const [head, ...rest] = path;
  const error = errors.find((e) => e.property === head);
  if (!error) return false;
  return (
    rest.length === 0 ||
    Object.keys(error.constraints ?? {}).length > 0 ||
    hasErrorAt(error.children ?? [], rest)
  );
}

/**
 * Applies the null rule to a validated DTO instance, in place: nulls that mean "not given" give
 * way to the field's default, nulls that are refused become validation errors (unless the field
 * has one already: a required field answers "x is required").
 */
export function applyNullRule(entity: unknown, errors: ValidationError[]): ValidationError[] {
  const refused: ValidationError[] = [];
  const walk = (value: unknown, path: string[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, String(i)]));
      return;
    }
    if (!isDto(value)) return;
    let fresh: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const field = value[key];
      if (field !== null) {
        walk(field, [...path, key]);
        continue;
      }
      const meaning = meaningOf(value, key);
      if (meaning === 'absent') {
        fresh ??= new (value.constructor as new () => Record<string, unknown>)();
        if (fresh[key] === undefined) delete value[key];
        else value[key] = fresh[key];
      } else if (meaning === 'refused' && !hasErrorAt(errors, [...path, key])) {
        const field = [...path, key].join('.');
        refused.push({
          property: field,
          value: null,
          children: [],
          constraints: { notNull: `${field} may not be null (leave it out instead)` },
        });
      }
    }
  };
  walk(entity, []);
  return [...errors, ...refused];
}
