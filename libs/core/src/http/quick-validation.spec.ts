import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { createValidationPipe } from './errors';
import { isFloat, parseJson, stringifyJson } from './json-floats';
import { NullIsValue } from './nulls';
import { acceptQuickly } from './quick-validation';

/** Every rule the quick path knows, with the null rule's three meanings and a default. */
class Everything {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(6)
  name: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(4)
  code?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  count?: number | null = 7;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  wide?: number;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Max(100)
  ratio?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber()
  free?: number;

  @NullIsValue()
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  flag?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsIn(['a', 'b'])
  kind?: 'a' | 'b';
}

class Inner {
  @IsString()
  x: string;
}

class Nested {
  @ValidateNested()
  @Type(() => Inner)
  inner: Inner;
}

class Converted {
  @Type(() => Number)
  @IsInt()
  n: number;
}

/** What may stand in each field: right, wrong, edge, null, and nothing. */
const CANDIDATES: Record<string, unknown[]> = {
  name: ['sim', 'abcdef', 'abcdefg', '', 'a😀b', 5, null, undefined],
  code: ['ab', 'abcd', 'a', 'abcde', '😀', 'a😀', '\ufe0fab', 3, null, undefined],
  count: [0, 12, -1, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER + 2, '3', null, undefined],
  wide: [1, -(2 ** 31), 2 ** 31, 1e20, null, undefined],
  ratio: [0.5, 100, 100.5, -3, 1e16, -1e16, 'x', null, undefined],
  free: [1.25, 1e15, 1e15 + 2, -1e15 - 2, null, undefined],
  metadata: [{ a: 1, b: { c: [1, 2] } }, {}, [], 'x', 4, null, undefined],
  flag: [true, false, 0, 'true', null, undefined],
  kind: ['a', 'b', 'c', null, undefined],
};

/** A deterministic generator (mulberry32), so a failure names a body that can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function body(next: () => number, valid: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(CANDIDATES)) {
    // A "valid" body draws from the first two candidates (always accepted), else from any.
    const pick = valid ? values[Math.floor(next() * 2)] : values[Math.floor(next() * values.length)];
    if (pick !== undefined) out[key] = pick;
  }
  if (next() < 0.3) out.unknown = 'stripped';
  return out;
}

/** The full path: the pipe as it validates anything but a body (class-validator and both rules). */
async function fullPath(metatype: new () => object, value: unknown): Promise<unknown> {
  try {
    return { ok: await createValidationPipe().transform(value, { type: 'query', metatype }) };
  } catch (error) {
    return { refused: (error as { getResponse(): unknown }).getResponse() };
  }
}

describe('the quick validation path', () => {
  it('accepts only what the full path accepts, and makes the same DTO of it', async () => {
    const next = random(16);
    let accepted = 0;
    let acceptedByBoth = 0;
    for (let i = 0; i < 3000; i++) {
      const given = body(next, i % 3 === 0);
      const quick = acceptQuickly(Everything, JSON.parse(JSON.stringify(given)));
      const full = (await fullPath(Everything, JSON.parse(JSON.stringify(given)))) as { ok?: object };
      if (full.ok) acceptedByBoth++;
      if (quick === undefined) continue;
      accepted++;
      if (!full.ok) throw new Error(`quick path accepted ${JSON.stringify(given)}: ${JSON.stringify(full)}`);
      expect(quick).toBeInstanceOf(Everything);
      expect({ ...quick }).toStrictEqual({ ...full.ok });
    }
    // Not a test that passes by declining everything: every valid body takes the quick path
    // (those with a character class-validator counts differently are the full path's alone).
    expect(accepted).toBeGreaterThanOrEqual(1000);
    expect(accepted).toBeLessThanOrEqual(acceptedByBoth);
  });

  it('answers an invalid body with the full path’s sentence', async () => {
    const pipe = createValidationPipe();
    const sentence = (value: unknown, type: 'body' | 'query') =>
      pipe.transform(value, { type, metatype: Everything }).then(
        () => 'accepted',
        (e: { getResponse(): unknown }) => e.getResponse(),
      );
    for (const given of [{ name: '' }, { name: 'x', count: -1 }, { name: 'x', flag: null }, {}]) {
      const answer = await sentence({ ...given }, 'body');
      expect(answer).not.toBe('accepted');
      expect(answer).toStrictEqual(await sentence({ ...given }, 'query'));
    }
  });

  it('carries float marks onto the DTO it makes', async () => {
    const value = parseJson('{"name": "x", "ratio": 7.0, "metadata": {"v": 2.0}}');
    const dto = await createValidationPipe().transform(value, { type: 'body', metatype: Everything });
    expect(acceptQuickly(Everything, value)).toBeDefined();
    expect(isFloat(dto as object, 'ratio')).toBe(true);
    expect(stringifyJson(dto)).toBe('{"count":7,"name":"x","ratio":7.0,"metadata":{"v":2.0}}');
  });

  it('declines classes with rules it does not know or values class-transformer would convert', () => {
    expect(acceptQuickly(Nested, { inner: { x: 'y' } })).toBeUndefined();
    expect(acceptQuickly(Converted, { n: 3 })).toBeUndefined();
    expect(acceptQuickly(Everything, Object.assign(Object.create(null), { name: 'x' }))).toBeUndefined();
    expect(acceptQuickly(Everything, [])).toBeUndefined();
  });
});
