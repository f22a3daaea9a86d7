import { IsUUID } from 'class-validator';

/** `:id` of a route whose id is a uuid: `@Param() { id }: UuidParam`; anything else is a 400 before it reaches a service. */
export class UuidParam {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}
