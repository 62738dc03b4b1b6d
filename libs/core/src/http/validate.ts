import type { Type } from '@nestjs/common';
import { createValidationPipe } from './errors';

/**
 * The API's own validation (the global pipe: same DTO rules, same sentences, unknown fields
 * stripped) for input that arrives another way, such as the operator CLI, so both refuse alike.
 * Throws the 400 the API would answer.
 */
export async function validateInput<T extends object>(metatype: Type<T>, value: object): Promise<T> {
  return (await createValidationPipe().transform(value, { type: 'body', metatype })) as T;
}
