import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { NullIsValue } from './nulls';
import { validateInput } from './validate';

class Inner {
  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  tags?: string[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  note?: string;
}

class Body {
  @ApiProperty()
  @IsString()
  name: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  limit?: number = 50;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  pattern?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  paths?: string[];

  @NullIsValue()
  @ApiPropertyOptional({ description: 'null clears it' })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: [Inner] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Inner)
  items?: Inner[];
}

@NullIsValue()
class Patch extends PartialType(Body) {}

const refusal = (fn: () => Promise<unknown>) =>
  fn().then(
    () => undefined,
    (e: { getResponse(): { error: string } }) => e.getResponse().error,
  );

describe('the null rule', () => {
  it('takes a null on a field marked nullable as not given, default included', async () => {
    const dto = await validateInput(Body, { name: 'a', limit: null, pattern: null });
    expect(dto.limit).toBe(50);
    expect('pattern' in dto).toBe(false);
  });

  it('keeps a null where the field says null is a value', async () => {
    const dto = await validateInput(Body, { name: 'a', metadata: null });
    expect(dto.metadata).toBeNull();
  });

  it('answers 400 naming the field for a null anywhere else, nested ones too', async () => {
    expect(await refusal(() => validateInput(Body, { name: 'a', paths: null }))).toBe(
      'Invalid request: paths may not be null (leave it out instead).',
    );
    expect(
      await refusal(() => validateInput(Body, { name: 'a', items: [{ note: null }, { tags: null }] })),
    ).toBe('Invalid request: items.1.tags may not be null (leave it out instead).');
    expect(await refusal(() => validateInput(Body, { name: null }))).toBe(
      'Invalid request: name is required.',
    );
  });

  it('leaves nulls inside free-form objects alone', async () => {
    const dto = await validateInput(Body, { name: 'a', metadata: { reason: null } });
    expect(dto.metadata).toEqual({ reason: null });
  });

  it('reads the OpenAPI marks through PartialType; a class-level mark keeps those nulls', async () => {
    const dto = await validateInput(Patch, { pattern: null, limit: null });
    expect(dto.pattern).toBeNull();
    expect(dto.limit).toBeNull();
    expect(await refusal(() => validateInput(Patch, { paths: null }))).toMatch(/paths may not be null/);
  });
});
