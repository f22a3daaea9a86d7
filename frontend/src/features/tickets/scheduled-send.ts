const scheduledFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** "Tue 9 Dec, 09:30": the day matters for a send that is hours or days away. */
export function formatScheduled(iso: string): string {
  return scheduledFormat.format(new Date(iso));
}
