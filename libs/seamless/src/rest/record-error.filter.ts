import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ErrorBody } from '@simvault/core';
import { InvalidRecord, RecordError } from '../records/errors';

interface JsonResponse {
  status(code: number): { json(body: ErrorBody): void };
}

/** The records' refusals (invalid, unknown, conflicting) in the platform's error shape. */
@Catch(RecordError)
export class RecordErrorFilter implements ExceptionFilter {
  catch(error: RecordError, host: ArgumentsHost): void {
    const message = error instanceof InvalidRecord ? `Invalid request: ${error.message}` : error.message;
    host
      .switchToHttp()
      .getResponse<JsonResponse>()
      .status(error.status)
      .json({ error: `${message}.`, statusCode: error.status });
  }
}
