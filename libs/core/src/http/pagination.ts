import type { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?limit=&offset=` on every list; answers carry `total` so a client can page to the end. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 50;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset: number = 0;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

const pageClasses = new Map<ClassType<unknown>, ClassType<Page<unknown>>>();

/**
 * The response class of a list of `item`s (`@ApiOkResponse({ type: PageOf(UserResponse) })`), so
 * the OpenAPI document names the page's shape. Its schema is `<Item>Page`; one class per item type.
 */
export function PageOf<T>(item: ClassType<T>): ClassType<Page<T>> {
  const known = pageClasses.get(item);
  if (known) return known as ClassType<Page<T>>;
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({ description: 'How many match, across every page.' }) total: number;
    @ApiProperty() limit: number;
    @ApiProperty() offset: number;
  }
  Object.defineProperty(PageOfItems, 'name', { value: `${item.name.replace(/Response$/, '')}Page` });
  pageClasses.set(item, PageOfItems);
  return PageOfItems;
}

/** An optional `?flag=true|false` query parameter, checked and turned into a boolean. */
export function QueryBoolean(): PropertyDecorator {
  const decorators = [
    IsOptional(),
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean({ message: ({ property }) => `${property} must be true or false` }),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
}
