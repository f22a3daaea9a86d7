import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'newsdesk:public';

/** Marks a route as reachable without a session or token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
