import type { TicketQueueItemDto } from '@newsdesk/shared';
import { forwardRef, type KeyboardEvent, type MouseEvent } from 'react';
import { Link } from 'react-router';
import { RelativeTime } from '../../../components/RelativeTime';
import { VirtualList } from '../../../components/VirtualList';
import { useMediaQuery } from '../../../hooks/useMediaQuery';
import { DeadlineCountdown } from './DeadlineCountdown';
import { TargetBadge } from './TargetBadge';
import { TicketStatusBadge } from './TicketStatusBadge';
import { VisuallyHidden } from '../../../components/VisuallyHidden';
import { Muted } from '../../../components/Muted';
import { Badge } from '../../../components/Badge';
import styles from './QueueGrid.module.css';

/** Row heights and the breakpoint must match QueueGrid.module.css (.queueRow); the rows are as tall as two lines of badges. */
export const QUEUE_ROW_HEIGHT = 72;
export const QUEUE_ROW_HEIGHT_NARROW = 180;
const NARROW = '(max-width: 70rem)';

export function queueRowId(ticketId: string): string {
  return `queue-row-${ticketId}`;
}

interface QueueGridProps {
  tickets: TicketQueueItemDto[];
  now: number;
  /** The office's zone: deadlines are shown on its clock. */
  timeZone: string;
  activeIndex: number;
  selected: ReadonlySet<string>;
  hasMore: boolean;
  onActivate: (index: number) => void;
  onToggle: (ticketId: string) => void;
  onToggleAll: (select: boolean) => void;
  onRangeChange: (start: number, end: number) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
}

/**
 * The queue as an ARIA grid: one focusable container whose active row is announced through
 * aria-activedescendant, so j/k and the arrow keys move through 10,000 virtual rows.
 */
export const QueueGrid = forwardRef<HTMLDivElement, QueueGridProps>(function QueueGrid(
  { tickets, now, timeZone, activeIndex, selected, hasMore, onActivate, onToggle, onToggleAll, onRangeChange, onKeyDown },
  ref,
) {
  const narrow = useMediaQuery(NARROW);
  const active = tickets[activeIndex];
  const allSelected = tickets.length > 0 && tickets.every((ticket) => selected.has(ticket.id));

  const renderRow = (index: number) => {
    const ticket = tickets[index];
    const isSelected = selected.has(ticket.id);
    const onRowClick = (event: MouseEvent) => {
      // Links and checkboxes do their own thing; anywhere else on the row makes it the active one.
      if ((event.target as HTMLElement).closest('a, input')) return;
      onActivate(index);
    };
    return (
      <div
        key={ticket.id}
        id={queueRowId(ticket.id)}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={isSelected}
        className={[styles.queueRow, index === activeIndex ? styles.queueRowActive : '', isSelected ? styles.queueRowSelected : '']
          .filter(Boolean)
          .join(' ')}
        onClick={onRowClick}
      >
        <div role="gridcell" className={styles.queueRowSelect}>
          <input
            type="checkbox"
            checked={isSelected}
            onChange={() => onToggle(ticket.id)}
            aria-label={`Select ${ticket.reference}`}
            tabIndex={-1}
          />
        </div>
        <div role="gridcell" className={styles.queueRowReference}>
          {ticket.reference}
        </div>
        <div role="rowheader" className={ticket.unread ? `${styles.queueRowSubject} ${styles.queueRowSubjectUnread}` : styles.queueRowSubject}>
          {ticket.unread && (
            <span className={styles.unreadDot} title="Unread: the journalist wrote since you last opened it">
              <VisuallyHidden>Unread: </VisuallyHidden>
            </span>
          )}
          <Link to={`/tickets/${ticket.reference}`} tabIndex={-1}>
            {ticket.subject}
          </Link>
        </div>
        <div role="gridcell" className={styles.queueRowBadges}>
          <TicketBadges ticket={ticket} />
          <TargetBadge ticket={ticket} now={now} className={styles.queueRowTarget} />
        </div>
        <div role="gridcell" className={styles.queueRowJournalist}>
          <span className={styles.queueRowName}>{ticket.journalist?.name ?? ticket.journalist?.email ?? <Muted>Unknown</Muted>}</span>
          {ticket.outlet && <span className={styles.queueRowOutlet}>{ticket.outlet.name}</span>}
        </div>
        <div role="gridcell" className={styles.queueRowDeadline}>
          <DeadlineCountdown deadlineAt={ticket.effectiveDeadlineAt} now={now} timeZone={timeZone} detected={ticket.deadlineSource === 'detected'} />
        </div>
        <div role="gridcell" className={styles.queueRowStatus}>
          <TicketStatusBadge status={ticket.status} />
        </div>
        <div role="gridcell" className={styles.queueRowAssignee}>
          {ticket.assignee ? ticket.assignee.name : <Muted>Unassigned</Muted>}
        </div>
        <div role="gridcell" className={styles.queueRowActivity}>
          <RelativeTime at={ticket.lastActivityAt} now={now} />
        </div>
      </div>
    );
  };

  return (
    <div
      ref={ref}
      role="grid"
      aria-label="Inquiries"
      aria-rowcount={hasMore ? -1 : tickets.length + 1}
      aria-multiselectable="true"
      aria-activedescendant={active ? queueRowId(active.id) : undefined}
      aria-keyshortcuts="j k Enter a r n e x"
      tabIndex={0}
      className={styles.queueGrid}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="queue-grid__head">
        <div role="row" aria-rowindex={1} className={`${styles.queueRow} ${styles.queueRowHead}`}>
          <div role="columnheader" className={styles.queueRowSelect}>
            <input
              type="checkbox"
              checked={allSelected}
              onChange={(event) => onToggleAll(event.currentTarget.checked)}
              aria-label="Select all loaded inquiries"
              tabIndex={-1}
            />
          </div>
          <div role="columnheader" className={styles.queueRowReference}>
            Ref.
          </div>
          <div role="columnheader" className={styles.queueRowSubject}>
            Subject
          </div>
          <div role="columnheader" className={styles.queueRowBadges}>
            <VisuallyHidden>Flags</VisuallyHidden>
          </div>
          <div role="columnheader" className={styles.queueRowJournalist}>
            Journalist
          </div>
          <div role="columnheader" className={styles.queueRowDeadline}>
            Deadline
          </div>
          <div role="columnheader" className={styles.queueRowStatus}>
            Status
          </div>
          <div role="columnheader" className={styles.queueRowAssignee}>
            Assignee
          </div>
          <div role="columnheader" className={styles.queueRowActivity}>
            Last activity
          </div>
        </div>
      </div>
      <VirtualList
        itemCount={tickets.length}
        itemHeight={narrow ? QUEUE_ROW_HEIGHT_NARROW : QUEUE_ROW_HEIGHT}
        renderItem={renderRow}
        activeIndex={activeIndex}
        onRangeChange={onRangeChange}
        className="queue-grid__body"
      />
    </div>
  );
});

/**
 * Priority, story, approval and reply flags, each in full words. They never shrink or cut their
 * text: the badge line wraps onto a second line instead (QueueGrid.module.css, .queueRowBadges).
 */
export function TicketBadges({ ticket }: { ticket: TicketQueueItemDto }) {
  const badges: { key: string; className: string | undefined; label: string; title?: string }[] = [];
  if (ticket.priority === 'urgent') badges.push({ key: 'urgent', className: styles['flag--urgent'], label: 'Urgent' });
  if (ticket.priority === 'high') badges.push({ key: 'high', className: styles['flag--high'], label: 'High' });
  if (ticket.repliedSinceAnswer) {
    badges.push({ key: 'replied', className: styles['flag--replied'], label: 'Replied', title: 'The journalist replied since our last answer' });
  }
  if (ticket.approvalPending) badges.push({ key: 'approval', className: styles['flag--approval'], label: 'Approval pending' });
  if (ticket.story) badges.push({ key: 'story', className: styles['flag--story'], label: 'Story', title: `Story: ${ticket.story.title}` });
  if (!badges.length) return null;
  return (
    <ul className={styles.badges} aria-label="Flags">
      {badges.map((badge) => (
        <Badge as="li" key={badge.key} className={badge.className} title={badge.title}>
          {badge.label}
        </Badge>
      ))}
    </ul>
  );
}
