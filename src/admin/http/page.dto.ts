import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformTo } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
/** Past any list's end, and within what Postgres takes as an OFFSET. */
export const MAX_PAGE_OFFSET = 2_147_483_647;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_PAGE_OFFSET, default: 0 })
  @IsOptional()
  @TransformTo(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_OFFSET)
  offset?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @TransformTo(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

export class SearchPageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Matches anywhere in the names, case-insensitively' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  search?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** A named page schema for Swagger, e.g. PageOf(ClientDto, 'ClientPage'). */
export function PageOf<T>(item: Type<T>, name: string): Type<Page<T>> {
  class PageDto implements Page<T> {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({ description: 'How many items match, over all pages' })
    total: number;

    @ApiProperty()
    offset: number;

    @ApiProperty()
    limit: number;
  }
  Object.defineProperty(PageDto, 'name', { value: name });
  return PageDto;
}

/** The page bounds a query asks for, with defaults; services clamp them again. */
export function pageBounds(query: PageQueryDto, defaultLimit = 20): { offset: number; limit: number } {
  return { offset: query.offset ?? 0, limit: query.limit ?? defaultLimit };
}
