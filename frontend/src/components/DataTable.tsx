import type { ReactNode } from 'react';
import { ErrorPanel } from './ErrorPanel';

/** A table of records: scrolls sideways on a phone, a caption for screen readers, one header row. */
export function DataTable({ caption, headers, className, children }: { caption: string; headers: string[]; className?: string; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table className={className ? `data-table ${className}` : 'data-table'}>
        <caption className="visually-hidden">{caption}</caption>
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
    </div>
  );
}

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
      {query.isSuccess && rows === 0 && <p className="empty-state">{empty}</p>}
      {rows > 0 && <DataTable {...table}>{children}</DataTable>}
    </>
  );
}
