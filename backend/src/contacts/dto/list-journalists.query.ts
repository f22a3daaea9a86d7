import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/dto/page.query.js';

export class ListJournalistsQuery extends PageQuery {
  /** Part of a name or email address. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsUUID('all', { message: 'outlet must be an outlet id' })
  outlet?: string;
}
