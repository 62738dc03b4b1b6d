import {
  ArgumentMetadata,
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  ValidationPipe,
} from '@nestjs/common';
import { getMetadataStorage, ValidationError, type ValidatorOptions } from 'class-validator';
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { RequestWithId } from '../logging/request-id';
import { INT32_MAX, INT32_MIN, MAX_NUMBER_MAGNITUDE } from './input-limits';
import { carryFloats } from './json-floats';
import { acceptQuickly } from './quick-validation';
import { applyNullRule } from './nulls';

/** The one error shape every Simvault service answers with. sim2l clients read `error`. */
export interface ErrorBody {
  error: string;
  statusCode: number;
  details?: unknown;
}

const REASONS: Record<number, string> = {
  400: 'The request is not valid.',
  401: 'Authentication is required.',
  403: 'You do not have the privilege this needs.',
  404: 'Not found',
  405: 'That method is not allowed here.',
  409: 'That conflicts with what is stored.',
  413: 'The request body is too large.',
  415: 'That content type is not supported.',
  429: 'Too many requests; try again later.',
  503: 'The service is unavailable.',
};

/** An HttpException whose body is already our error shape. */
export class ApiError extends HttpException {
  constructor(
    statusCode: number,
    error: string,
    details?: unknown,
    /** Response headers that go with this error, such as Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(details === undefined ? { error, statusCode } : { error, statusCode, details }, statusCode);
  }
}

export const badRequest = (error: string, details?: unknown) => new ApiError(400, error, details);
export const notFound = (error = 'Not found') => new ApiError(404, error);
export const conflict = (error: string) => new ApiError(409, error);
export const forbidden = (error: string) => new ApiError(403, error);
export const unauthorized = (error: string) => new ApiError(401, error);

function toErrorBody(exception: HttpException): ErrorBody {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  // Ours (ApiError, the validation pipe) carry no `message`; Nest's built-in exceptions do.
  if (typeof response === 'object' && response !== null && !('message' in response)) {
    const body = response as ErrorBody;
    if (typeof body.error === 'string') return { ...body, statusCode };
  }
  let message: string | undefined;
  if (typeof response === 'string') message = response;
  else if (typeof response === 'object' && response !== null) {
    const m = (response as { message?: unknown }).message;
    if (typeof m === 'string') message = m;
    else if (Array.isArray(m)) message = m.join('; ');
  }
  // Nest's own messages for routing and body-parser failures are terse; give people a sentence.
  if (statusCode === 404 && message?.startsWith('Cannot ')) message = `No route ${message.slice(7)}.`;
  if (statusCode === 413) message = REASONS[413];
  if (statusCode === 400 && message && /JSON|Unexpected token|position \d+/i.test(message)) {
    message = `The request body is not valid JSON: ${message}`;
  }
  return { error: message ?? REASONS[statusCode] ?? exception.message, statusCode };
}

/**
 * Turns every exception into `{error, statusCode, details?}`; never leaks a stack trace. Logs
 * through the app's own logger (which names its service), not Nest's process-wide one: under
 * `simvault up` five apps share a process, and that one names whichever app started last.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let body: ErrorBody;
    if (exception instanceof HttpException) {
      body = toErrorBody(exception);
    } else if (isBodyParserError(exception)) {
      body = { error: bodyParserSentence(exception), statusCode: exception.status };
    } else {
      this.logger.error(
        { reqId: host.switchToHttp().getRequest<RequestWithId>().id, context: 'HttpErrorFilter' },
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
      body = { error: 'Internal server error', statusCode: 500 };
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (exception instanceof ApiError)
      for (const [name, value] of Object.entries(exception.headers)) res.setHeader(name, value);
    res.status(body.statusCode).json(body);
  }
}

interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

function isBodyParserError(e: unknown): e is BodyParserError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as BodyParserError).type === 'string' &&
    typeof (e as BodyParserError).status === 'number'
  );
}

function bodyParserSentence(e: BodyParserError): string {
  switch (e.type) {
    case 'entity.too.large':
      return REASONS[413];
    case 'entity.parse.failed':
      return `The request body is not valid JSON: ${e.message}`;
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return `The request body's encoding is not supported: ${e.message}`;
    default:
      return e.message;
  }
}

function flatten(errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    // A missing field fails every rule on it; "x is required" is the one sentence that helps.
    const problems = e.constraints?.notNull
      ? [e.constraints.notNull]
      : e.value === undefined || e.value === null
        ? [`${field} is required`]
        : Object.values(e.constraints ?? {});
    const own = e.constraints ? [{ field, problems }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export type Bounds = { int: boolean; number: boolean; each: boolean; min?: number; max?: number };

/** What each validated class says about its numeric fields, read once per class. */
const boundsCache = new Map<object, Map<string, Bounds>>();
const nestedCache = new Map<object, Set<string>>();

export function numericFields(target: new (...args: never[]) => unknown): {
  bounds: Map<string, Bounds>;
  nested: Set<string>;
} {
  let bounds = boundsCache.get(target);
  let nested = nestedCache.get(target);
  if (!bounds || !nested) {
    bounds = new Map();
    nested = new Set();
    for (const m of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
      if (m.type === 'nestedValidation') nested.add(m.propertyName);
      const b = bounds.get(m.propertyName) ?? { int: false, number: false, each: false };
      if (m.name === 'isInt') b.int = true;
      else if (m.name === 'isNumber') b.number = true;
      else if (m.name === 'min') b.min = Number(m.constraints[0]);
      else if (m.name === 'max') b.max = Number(m.constraints[0]);
      else continue;
      if (m.each) b.each = true;
      bounds.set(m.propertyName, b);
    }
    boundsCache.set(target, bounds);
    nestedCache.set(target, nested);
  }
  return { bounds, nested };
}

/** The sentence for a number outside what its field (and the column behind it) holds. */
export function numberProblem(field: string, value: number, b: Bounds): string | undefined {
  if (b.int) {
    const min = b.min ?? INT32_MIN;
    const max = b.max ?? INT32_MAX;
    if (!Number.isSafeInteger(value) || value < min || value > max)
      return `${field} must be a whole number between ${Math.max(min, -Number.MAX_SAFE_INTEGER)} and ${Math.min(max, Number.MAX_SAFE_INTEGER)}`;
  } else if (b.number) {
    const min = b.min ?? -MAX_NUMBER_MAGNITUDE;
    const max = b.max ?? MAX_NUMBER_MAGNITUDE;
    if (value < Math.max(min, -MAX_NUMBER_MAGNITUDE) || value > Math.min(max, MAX_NUMBER_MAGNITUDE))
      return `${field} must be a number between ${Math.max(min, -MAX_NUMBER_MAGNITUDE)} and ${Math.min(max, MAX_NUMBER_MAGNITUDE)}`;
  }
  return undefined;
}

/**
 * The range rule of every `@IsInt()` and `@IsNumber()` field, beyond class-validator's own: an
 * integer is a safe integer within its `@Min`/`@Max`, or within a 32-bit column's range when it
 * declares none (a bigint field declares `@Max(Number.MAX_SAFE_INTEGER)`); a number is within
 * ±1e15 (and its own bounds), so that the sums statistics take of it stay finite.
 */
function numberErrors(object: object, failed: Set<string>): ValidationError[] {
  const { bounds, nested } = numericFields(object.constructor as new (...args: never[]) => unknown);
  const errors: ValidationError[] = [];
  const record = object as Record<string, unknown>;
  for (const [property, b] of bounds) {
    if (failed.has(property)) continue;
    const value = record[property];
    const values = b.each && Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v !== 'number') continue;
      const problem = numberProblem(property, v, b);
      if (problem) {
        errors.push(
          Object.assign(new ValidationError(), { property, value: v, constraints: { range: problem } }),
        );
        break;
      }
    }
  }
  for (const property of nested) {
    if (failed.has(property)) continue;
    const value = record[property];
    const children = (Array.isArray(value) ? value : [value]).flatMap((child, i) =>
      typeof child === 'object' && child !== null
        ? numberErrors(child as object, new Set()).map((e) =>
            Array.isArray(value)
              ? Object.assign(new ValidationError(), { property: String(i), children: [e] })
              : e,
          )
        : [],
    );
    if (children.length > 0) errors.push(Object.assign(new ValidationError(), { property, children }));
  }
  return errors;
}

/**
 * Nest's pipe, with the null rule (`applyNullRule`) and the range rule (`numberErrors`) after
 * class-validator's checks, and the float marks of a body carried onto the DTO made from it.
 */
class SimvaultValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A body that certainly passes takes the quick path; anything else (every error) the full one.
    const quick = metadata.type === 'body' ? acceptQuickly(metadata.metatype, value) : undefined;
    if (quick !== undefined) {
      carryFloats(value, quick);
      return quick;
    }
    const entity: unknown = await super.transform(value, metadata);
    if (metadata.type === 'body') carryFloats(value, entity);
    return entity;
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = applyNullRule(object, await super.validate(object, options));
    return [...errors, ...numberErrors(object, new Set(errors.map((e) => e.property)))];
  }
}

/**
 * Validation that strips unknown fields (sim2l clients send extra), applies the null and range
 * rules and names every problem.
 */
export function createValidationPipe(): ValidationPipe {
  return new SimvaultValidationPipe({
    whitelist: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const sentence = details.map((d) => d.problems.join(', ')).join('; ');
      return new BadRequestException({ error: `Invalid request: ${sentence}.`, statusCode: 400, details });
    },
  });
}
