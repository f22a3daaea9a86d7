import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';

export class StorySuggestionsOptions {
  /** Days either side of the ticket's arrival to look in. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'windowDays must be a whole number' })
  @Min(1, { message: 'windowDays must be at least 1' })
  @Max(14, { message: 'windowDays must be at most 14' })
  windowDays?: number;

  /** Lowest score (0–1) that counts as related. */
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'threshold must be a number' })
  @Min(0.05, { message: 'threshold must be at least 0.05' })
  @Max(1, { message: 'threshold must be at most 1' })
  threshold?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(100, { message: 'limit must be at most 100' })
  limit?: number;
}

export class StorySuggestionsQuery extends StorySuggestionsOptions {
  /** The ticket's id or reference. */
  @IsString({ message: 'ticketId is required: the ticket to find related inquiries for' })
  @IsNotEmpty({ message: 'ticketId is required: the ticket to find related inquiries for' })
  ticketId: string;
}

export class SuggestedGroupsQuery {
  /** How many days back to look. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'days must be a whole number' })
  @Min(1, { message: 'days must be at least 1' })
  @Max(14, { message: 'days must be at most 14' })
  days?: number;

  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'threshold must be a number' })
  @Min(0.05, { message: 'threshold must be at least 0.05' })
  @Max(1, { message: 'threshold must be at most 1' })
  threshold?: number;
}
