import type { TicketQueueFilters } from './tickets';

/** Every query key the app uses, so invalidations can find them. */
export const queryKeys = {
  session: ['session'] as const,
  setupStatus: ['setup', 'status'] as const,
  tickets: {
    all: ['tickets'] as const,
    queue: (filters: TicketQueueFilters) => ['tickets', 'queue', filters] as const,
  },
};
