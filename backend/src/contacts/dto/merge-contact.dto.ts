import type { MergeContactRequest } from '@newsdesk/shared';
import { IsUUID } from 'class-validator';

export class MergeContactDto implements MergeContactRequest {
  /** The record that survives. */
  @IsUUID('all', { message: 'intoId must be the id of the record to keep' })
  intoId: string;
}
