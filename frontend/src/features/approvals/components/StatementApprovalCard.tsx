import type { StatementApprovalDto } from '@newsdesk/shared';
import { useId } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../../components/RelativeTime';
import { useApproveStatement } from '../hooks/useApprovals';
import { QuotedText } from '../../../components/QuotedText';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { Card } from '../../../components/Card';
import { Button, ButtonRow } from '../../../components/Button';
import styles from './ApprovalCard.module.css';

interface StatementApprovalCardProps {
  statement: StatementApprovalDto;
  meId: string;
  /** Told what was decided, for the page to announce (the card leaves the inbox). */
  onDecided: (message: string) => void;
}

/** One statement version waiting for approval; its author sees why they cannot approve it. */
export function StatementApprovalCard({ statement, meId, onDecided }: StatementApprovalCardProps) {
  const id = useId();
  const approve = useApproveStatement();
  const own = statement.writtenBy?.id === meId;

  function approveVersion() {
    // Awaited, not mutate()'s callback: a live refetch can unmount this card before the answer arrives.
    approve
      .mutateAsync({ statementId: statement.statementId, versionId: statement.versionId })
      .then(() => onDecided(`Approved "${statement.title}" version ${statement.version}: it is now the wording sent.`))
      .catch(() => undefined);
  }

  return (
    <Card as="article" className={styles.approval} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className={styles.title}>
        <Link to={`/statements/${statement.statementId}`}>
          <span className={styles.reference}>Statement</span> {statement.title}
        </Link>
      </h2>
      <Muted as="p">
        Version {statement.version}
        {statement.topic ? ` · ${statement.topic}` : ''} · written by {statement.writtenBy?.name ?? 'someone no longer here'} ·{' '}
        {formatDateTime(statement.createdAt)}
        {statement.statementStatus === 'approved' ? ' · the approved version stays in force until this one is approved' : ''}
      </Muted>
      <QuotedText label="Statement text">
        {statement.body}
      </QuotedText>
      {own && <Muted as="p">You wrote this version: another manager or admin approves it.</Muted>}
      <FormError error={approve.error} />
      <ButtonRow className={styles.actions}>
        <Button variant="primary" type="button" className={styles.action} onClick={approveVersion} disabled={own || approve.isPending}>
          {approve.isPending ? 'Approving…' : 'Approve statement'}
        </Button>
      </ButtonRow>
    </Card>
  );
}
