import type { CalendarSubscriptionDto } from '@newsdesk/shared';
import { request, send } from './client';

export function getCalendarSubscription(signal?: AbortSignal): Promise<CalendarSubscriptionDto> {
  return request<CalendarSubscriptionDto>('/api/calendar/subscription', { signal });
}

/** Creates the link or replaces it; the answer carries `url` once, never again. */
export function createCalendarLink(): Promise<CalendarSubscriptionDto> {
  return request<CalendarSubscriptionDto>('/api/calendar/subscription', { method: 'POST' });
}

export function revokeCalendarLink(): Promise<void> {
  return send('/api/calendar/subscription', { method: 'DELETE' });
}
