import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/dto/page.query.js';

export class ListOutletsQuery extends PageQuery {
  /** Part of the name or of a mail domain. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
