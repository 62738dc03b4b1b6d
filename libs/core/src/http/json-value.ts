import type { ApiPropertyOptions } from '@nestjs/swagger';

/**
 * `@ApiProperty({ ...JSON_VALUE })` on a field that holds any JSON value (null included). Without
 * it Nest's document says `type: object` for an `unknown` field (its reflected type), which the
 * client's generator reads as an empty object; this names what the field can hold.
 */
export const JSON_VALUE: { oneOf: NonNullable<ApiPropertyOptions['oneOf']>; nullable: true } = {
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object', additionalProperties: true },
    { type: 'array', items: {} },
  ],
  nullable: true,
};
