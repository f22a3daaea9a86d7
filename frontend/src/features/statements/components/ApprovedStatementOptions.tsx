import type { StatementSummaryDto } from '@newsdesk/shared';

/** The statements that can be sent or inserted: those with an approved version. */
export function usableStatements(statements: StatementSummaryDto[] | undefined): StatementSummaryDto[] {
  return statements?.filter((statement) => statement.currentVersion) ?? [];
}

/** One option a usable statement, saying when its review is overdue. */
export function ApprovedStatementOptions({ statements }: { statements: StatementSummaryDto[] }) {
  return statements.map((statement) => (
    <option key={statement.id} value={statement.id}>
      {statement.title}
      {statement.stale ? ' (review overdue)' : ''}
    </option>
  ));
}
