import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

/**
 * A route that answers bytes, not JSON (a download, an archive): the OpenAPI document says so, as
 * `type: string, format: binary` under each media type, so the answer is described like any other.
 * Clients stream these by hand (libs/client/src/streams.ts); no generated type reads them.
 */
export function ApiBinaryResponse(...mediaTypes: [string, ...string[]]): MethodDecorator {
  const schema = { type: 'string', format: 'binary' } as const;
  return applyDecorators(
    ApiProduces(...mediaTypes),
    ApiOkResponse({
      description: 'The bytes, streamed.',
      content: Object.fromEntries(mediaTypes.map((type) => [type, { schema }])),
    }),
  );
}
