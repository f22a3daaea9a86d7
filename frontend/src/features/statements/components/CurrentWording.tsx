import type { StatementDetailDto } from '@newsdesk/shared';
import { QuotedText } from '../../../components/QuotedText';
import { formatDateTime } from '../../../components/RelativeTime';
import { useApproveStatementVersion } from '../hooks/useStatementMutations';
import { StatementPreview } from './StatementPreview';
import { FormError } from '../../../components/FormError';
import styles from './CurrentWording.module.css';

/** The approved wording, and a newer version waiting for approval with its Approve button. */
export function CurrentWording({ statement, meId, governs }: { statement: StatementDetailDto; meId: string; governs: boolean }) {
  const approve = useApproveStatementVersion();
  const pending = statement.pendingVersion;
  const ownDraft = pending?.createdBy?.id === meId;

  return (
    <section className="card" aria-labelledby="statement-current">
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
        <p className="muted">No version is approved yet: this statement cannot be sent.</p>
      )}
      {pending && statement.status !== 'retired' && (
        <div className={styles.statementPending}>
          <h3>Version {pending.version} awaits approval</h3>
          <p className="muted">
            Written by {pending.createdBy?.name ?? 'someone'} on {formatDateTime(pending.createdAt)}
          </p>
          <QuotedText as="blockquote" className={styles.pendingText}>{pending.body}</QuotedText>
          {governs ? (
            ownDraft ? (
              <p className="muted">You wrote this version: another manager or admin approves it.</p>
            ) : (
              <button
                type="button"
                className="button button--primary"
                disabled={approve.isPending}
                onClick={() => approve.mutate({ id: statement.id, versionId: pending.id })}
              >
                {approve.isPending ? 'Approving…' : `Approve version ${pending.version}`}
              </button>
            )
          ) : (
            <p className="muted">A manager or admin approves it.</p>
          )}
          <FormError error={approve.error} />
        </div>
      )}
      {approve.isSuccess && !pending && (
        <p role="status" className="notice">
          Approved: version {statement.currentVersion?.version} is now the one sent and inserted.
        </p>
      )}
    </section>
  );
}
