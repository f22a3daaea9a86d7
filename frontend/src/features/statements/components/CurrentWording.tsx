import type { StatementDetailDto } from '@newsdesk/shared';
import { QuotedText } from '../../../components/QuotedText';
import { formatDateTime } from '../../../components/RelativeTime';
import { useApproveStatementVersion } from '../hooks/useStatementMutations';
import { StatementPreview } from './StatementPreview';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { Notice } from '../../../components/Notice';
import { Card } from '../../../components/Card';
import { Button } from '../../../components/Button';
import styles from './CurrentWording.module.css';

/** The approved wording, and a newer version waiting for approval with its Approve button. */
export function CurrentWording({ statement, meId, governs }: { statement: StatementDetailDto; meId: string; governs: boolean }) {
  const approve = useApproveStatementVersion();
  const pending = statement.pendingVersion;
  const ownDraft = pending?.createdBy?.id === meId;

  return (
    <Card aria-labelledby="statement-current">
      <h2 id="statement-current">In force</h2>
      {statement.currentVersion ? (
        <StatementPreview
          caption={
            <>
              Version {statement.currentVersion.version}, approved by {statement.currentVersion.approvedBy?.name ?? 'someone'}
              {statement.currentVersion.approvedAt ? ` on ${formatDateTime(statement.currentVersion.approvedAt)}` : ''}
            </>
          }
          body={statement.currentVersion.body}
        />
      ) : (
        <Muted as="p">No version is approved yet: this statement cannot be sent.</Muted>
      )}
      {pending && statement.status !== 'retired' && (
        <div className={styles.statementPending}>
          <h3>Version {pending.version} awaits approval</h3>
          <Muted as="p">
            Written by {pending.createdBy?.name ?? 'someone'} on {formatDateTime(pending.createdAt)}
          </Muted>
          <QuotedText as="blockquote" className={styles.pendingText}>{pending.body}</QuotedText>
          {governs ? (
            ownDraft ? (
              <Muted as="p">You wrote this version: another manager or admin approves it.</Muted>
            ) : (
              <Button variant="primary"
                type="button"
                disabled={approve.isPending}
                onClick={() => approve.mutate({ id: statement.id, versionId: pending.id })}
              >
                {approve.isPending ? 'Approving…' : `Approve version ${pending.version}`}
              </Button>
            )
          ) : (
            <Muted as="p">A manager or admin approves it.</Muted>
          )}
          <FormError error={approve.error} />
        </div>
      )}
      {approve.isSuccess && !pending && (
        <Notice role="status">
          Approved: version {statement.currentVersion?.version} is now the one sent and inserted.
        </Notice>
      )}
    </Card>
  );
}
