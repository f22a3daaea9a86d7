import type { StatementStatus } from '@newsdesk/shared';

export const STATEMENT_STATUS_LABELS: Record<StatementStatus, string> = {
  draft: 'Draft',
  approved: 'Approved',
  retired: 'Retired',
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** `2026-12-31` as a date, read in UTC so it never shifts a day. */
export function formatReviewDate(date: string): string {
  return dateFormat.format(new Date(`${date}T00:00:00Z`));
}
