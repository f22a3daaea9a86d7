/** The signed-in person's deadline calendar: an iCal link to the deadlines of the open tickets assigned to them. */
export interface CalendarSubscriptionDto {
  /** Whether a link exists; a revoked or replaced link stops working at once. */
  active: boolean;
  /** First characters of the link's secret, so a person can tell which link a calendar app holds. */
  prefix: string | null;
  createdAt: string | null;
  lastUsedAt: string | null;
  /** The office time zone the events are written in. */
  timeZone: string;
  /** The full subscription URL: only in the answer that creates or replaces the link, never again. */
  url?: string;
}
