import {
  ArgumentMetadata,
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { RequestWithId } from '../logging/request-id';
import { carryFloats } from './json-floats';
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

/**
 * Nest's pipe, with the null rule (`applyNullRule`) after class-validator's checks, and the float
 * marks of a body carried onto the DTO made from it.
 */
class SimvaultValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const entity: unknown = await super.transform(value, metadata);
    if (metadata.type === 'body') carryFloats(value, entity);
    return entity;
  }

  protected override async validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    return applyNullRule(object, await super.validate(object, validatorOptions));
  }
}

/**
 * Validation that strips unknown fields (sim2l clients send extra), applies the null rule and
 * names every problem.
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
