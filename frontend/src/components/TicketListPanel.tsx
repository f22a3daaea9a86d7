import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import { QueryTable, type TableQuery } from './DataTable';
import { LoadMore, type NextPages } from './LoadMore';
import { Muted } from './Muted';
import { PageHeader } from './Page';
import { Panel } from './Panel';
import { classNames } from './polymorphic';
import { Button, ButtonRow } from './Button';
import styles from './TicketListPanel.module.css';

/** One column of the list: its header and what a row shows in it. */
export interface TicketListColumn<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** The row's name (the subject): a row header for screen readers. */
  rowHeader?: boolean;
  /** Lateness, shown in the danger colour. */
  late?: boolean;
}

/** What the panel needs from an infinite query of tickets (TanStack Query's useInfiniteQuery result). */
export interface TicketListPages<Row> extends NextPages, TableQuery {
  data?: { pages: { items: Row[] }[] };
}

export interface TicketListPanelProps<Row> {
  id: string;
  title: string;
  /** h2 on its own page section, h3 inside one. */
  headingLevel?: 2 | 3;
  pages: TicketListPages<Row>;
  columns: TicketListColumn<Row>[];
  rowKey: (row: Row) => string;
  /** Names what is listed in the loading, error and empty texts ("missed deadlines"). */
  loading: string;
  failed: string;
  empty: string;
  /** Extra header actions before Close (a CSV download). */
  actions?: ReactNode;
  /** 'full' takes the page's width (many columns); 'wide' is the wide panel. */
  width?: 'wide' | 'full';
  /** Inside a section: no margin of its own. */
  flush?: boolean;
  onClose: () => void;
}

export const shownAt = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** The tickets behind a number (a metric, missed deadlines, missed targets): a table of links, paged, closable. */
export function TicketListPanel<Row>({ id, title, headingLevel = 2, pages, columns, rowKey, loading, failed, empty, actions, width = 'wide', flush = false, onClose }: TicketListPanelProps<Row>) {
  const heading = useRef<HTMLHeadingElement>(null);
  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  useEffect(() => heading.current?.focus(), [title]);

  return (
    <Panel as="section" wide className={classNames(width === 'full' && styles.full, !flush && styles.spaced)} aria-labelledby={`${id}-heading`} data-testid={id}>
      <PageHeader>
        <Heading id={`${id}-heading`} ref={heading} tabIndex={-1}>
          {title}
        </Heading>
        {actions ? (
          <ButtonRow>
            {actions}
            <CloseButton onClose={onClose} />
          </ButtonRow>
        ) : (
          <CloseButton onClose={onClose} />
        )}
      </PageHeader>
      <QueryTable query={pages} rows={items.length} loading={loading} failed={failed} empty={empty} caption={title} headers={columns.map((column) => column.header)}>
        {items.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((column) =>
              column.rowHeader ? (
                <th key={column.header} scope="row">
                  {column.cell(row)}
                </th>
              ) : (
                <td key={column.header} className={column.late ? styles.late : undefined}>
                  {column.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </QueryTable>
      <LoadMore pages={pages} showProgress />
    </Panel>
  );
}

function CloseButton({ onClose }: { onClose: () => void }) {
  return (
    <Button variant="quiet" type="button" onClick={onClose}>
      Close
    </Button>
  );
}

/** The reference column every list starts with: a link to the ticket. */
export function referenceColumn<Row extends { reference: string }>(header = 'Reference'): TicketListColumn<Row> {
  return { header, cell: (row) => <Link to={`/tickets/${row.reference}`}>{row.reference}</Link> };
}

/** An outlet with its tier, or a dash. */
export function OutletCell({ outlet }: { outlet: { name: string; tier?: string | null } | null | undefined }) {
  if (!outlet) return <Muted>—</Muted>;
  return (
    <>
      {outlet.name}
      {outlet.tier && <Muted> · {outlet.tier}</Muted>}
    </>
  );
}
