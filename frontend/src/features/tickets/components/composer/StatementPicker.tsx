import type { StatementSummaryDto } from '@newsdesk/shared';
import { Notice } from '../../../../components/Notice';
import { Field } from '../../../../components/Field';
import styles from './Composer.module.css';
import type { InsertedStatement } from './useComposerDraft';
import { ApprovedStatementOptions, usableStatements } from '../../../statements/components/ApprovedStatementOptions';

interface StatementPickerProps {
  id: string;
  statements: StatementSummaryDto[] | undefined;
  selected: string;
  onChoose: (statement: StatementSummaryDto | undefined) => void;
}

/** Approved lines from the statement library; a statement due a review says so. */
export function StatementPicker({ id, statements, selected, onChoose }: StatementPickerProps) {
  const usable = usableStatements(statements);
  return (
    <Field>
      <label htmlFor={id}>Statement</label>
      <select id={id} value={selected} onChange={(event) => onChoose(statements?.find((candidate) => candidate.id === event.currentTarget.value))} disabled={!usable.length && !selected}>
        <option value="">{usable.length ? 'Insert an approved statement…' : 'No approved statements'}</option>
        <ApprovedStatementOptions statements={usable} />
      </select>
    </Field>
  );
}

interface StatementNoticeProps {
  id: string;
  statement: InsertedStatement;
  unchanged: boolean;
}

/** Says which statement is on the record and whether it still goes out as that statement. */
export function StatementNotice({ id, statement, unchanged }: StatementNoticeProps) {
  return (
    <Notice className={styles.statement} id={id}>
      On the record: “{statement.title}”, version {statement.version}.{' '}
      {unchanged ? 'Sent unchanged, it is recorded as delivered to this journalist.' : 'Changed, it goes out as a statement and approval rules for statements apply.'}
    </Notice>
  );
}
