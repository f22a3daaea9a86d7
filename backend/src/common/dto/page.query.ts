import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** The largest page any list serves; each list picks its own default size. */
export const PAGE_LIMIT_MAX = 200;
const LIMIT_MESSAGE = `limit must be a whole number from 1 to ${PAGE_LIMIT_MAX}`;

/**
 * `?cursor=&limit=` of every paged list; extend it (or `IntersectionType(Filters, PageQuery)`) for the list's filters.
 * The cursor's content is checked where it is decoded (common/cursor.ts), by the list that made it.
 */
export class PageQuery {
  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @IsString({ message: 'cursor must be the nextCursor of the previous page' })
  // A 200-character name in 4-byte UTF-8 is about 1,100 base64url characters.
  @MaxLength(2000, { message: 'cursor must be the nextCursor of the previous page' })
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(PAGE_LIMIT_MAX, { message: LIMIT_MESSAGE })
  limit?: number;
}
