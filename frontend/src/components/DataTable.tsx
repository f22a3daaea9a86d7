import type { ComponentProps, ReactNode } from 'react';
import { EmptyState } from './EmptyState';
import { ErrorPanel } from './ErrorPanel';
import { classNames, styled } from './polymorphic';
import { VisuallyHidden } from './VisuallyHidden';
import styles from './DataTable.module.css';

/** A table of records: scrolls sideways on a phone, a caption for screen readers, one header row. */
export function DataTable({ caption, headers, className, children }: { caption: string; headers: string[]; className?: string; children: ReactNode }) {
  return (
    <TableScroll>
      <table className={classNames(styles.dataTable, className)}>
        <VisuallyHidden as="caption">{caption}</VisuallyHidden>
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableScroll>
  );
}

/** The box around a table: scrolls sideways on a phone instead of widening the page. */
export function TableScroll({ className, ...rest }: ComponentProps<'div'>) {
  return <div {...rest} className={classNames(styles.tableScroll, className)} />;
}

/** The classes of a table of records, for a table built without DataTable (a custom header row). */
export const dataTableClass = styles.dataTable;

/** A row of a table that needs attention (failed, stale, quarantined): a faint red background. */
export function TableRow({ alert, className, ...rest }: ComponentProps<'tr'> & { alert?: boolean }) {
  return <tr {...rest} className={classNames(alert && styles.rowAlert, className)} />;
}

/** A cell's main line (a name, a link), on a line of its own. */
export const CellMain = styled('span', styles.cellMain, 'CellMain');

/** A cell's second line (an address, a date) under its main one, small and grey. */
export const CellSub = styled('span', styles.cellSub, 'CellSub');

/** What QueryTable needs from a query (TanStack Query's result). */
export interface TableQuery {
  isPending: boolean;
  isError: boolean;
  isSuccess: boolean;
  error: unknown;
  refetch: () => Promise<unknown>;
}

export interface QueryTableProps {
  query: TableQuery;
  /** How many rows there are: the table shows only when there is one. */
  rows: number;
  loading: string;
  failed: string;
  empty: ReactNode;
  caption: string;
  headers: string[];
  className?: string;
  children: ReactNode;
}

/** A query's records as a table, with its loading, failure (and retry) and empty states. */
export function QueryTable({ query, rows, loading, failed, empty, children, ...table }: QueryTableProps) {
  return (
    <>
      {query.isPending && <p role="status">{loading}</p>}
      {query.isError && <ErrorPanel title={failed} error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && rows === 0 && <EmptyState>{empty}</EmptyState>}
      {rows > 0 && <DataTable {...table}>{children}</DataTable>}
    </>
  );
}
