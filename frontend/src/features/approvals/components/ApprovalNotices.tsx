import type { ApprovalDto, StatementApprovalDto, UserDto } from '@newsdesk/shared';
import { useEffect, useRef, useState } from 'react';
import { canApprove } from '../can-approve';
import { useApprovalHistory, useStatementApprovals } from '../hooks/useApprovals';
import { canApproveStatements } from '../waiting-for-me';
import { Button, ButtonLink } from '../../../components/Button';
import styles from './ApprovalNotices.module.css';

interface Notice {
  key: string;
  text: string;
  to: string;
  label: string;
}

/** Keeps the newest few: a burst of approvals must not cover the page. */
const MAX_NOTICES = 4;

/**
 * What changed about approvals while the dashboard is open, as dismissable notices: a reply or
 * statement now waits for me, or one I asked for was decided. The queries are refreshed by the
 * live stream's approval events; the first answer is the baseline, so nothing old is announced.
 */
export function ApprovalNotices({ me }: { me: UserDto }) {
  const history = useApprovalHistory();
  const statements = useStatementApprovals(canApproveStatements(me));
  const [notices, setNotices] = useState<Notice[]>([]);
  const seenReplies = useRef<Map<string, ApprovalDto['status']> | null>(null);
  const seenStatements = useRef<Set<string> | null>(null);
  const approver = canApprove(me);

  useEffect(() => {
    if (!history.data) return;
    const before = seenReplies.current;
    seenReplies.current = new Map(history.data.map((approval) => [approval.id, approval.status]));
    if (before) announce(replyNotices(history.data, before, me, approver));
  }, [history.data, me, approver]);

  useEffect(() => {
    if (!statements.data) return;
    const before = seenStatements.current;
    seenStatements.current = new Set(statements.data.map((statement) => statement.versionId));
    if (before) announce(statementNotices(statements.data, before, me));
  }, [statements.data, me]);

  function announce(fresh: Notice[]) {
    if (fresh.length) setNotices((current) => [...fresh, ...current.filter((notice) => !fresh.some((f) => f.key === notice.key))].slice(0, MAX_NOTICES));
  }
  const dismiss = (key: string) => setNotices((current) => current.filter((notice) => notice.key !== key));

  return (
    <section className={styles.approvalNotices} aria-label="Notifications">
      <div role="status" aria-live="polite">
        {notices.map((notice) => (
          <div key={notice.key} className={styles.approvalNotice}>
            <p className={styles.approvalNoticeText}>{notice.text}</p>
            <div className={styles.approvalNoticeActions}>
              <ButtonLink to={notice.to} className={styles.approvalNoticeButton} onClick={() => dismiss(notice.key)}>
                {notice.label}
              </ButtonLink>
              <Button variant="quiet" className={styles.approvalNoticeButton} type="button" onClick={() => dismiss(notice.key)} aria-label={`Dismiss: ${notice.text}`}>
                Dismiss
              </Button>
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}

function replyNotices(approvals: ApprovalDto[], before: Map<string, ApprovalDto['status']>, me: UserDto, approver: boolean): Notice[] {
  const notices: Notice[] = [];
  for (const approval of approvals) {
    const was = before.get(approval.id);
    const reference = approval.ticket.reference;
    if (approver && was === undefined && approval.status === 'pending' && approval.requestedBy?.id !== me.id) {
      notices.push({
        key: `${approval.id}:waiting`,
        text: `${approval.requestedBy?.name ?? 'A colleague'} asks you to approve a reply on ${reference} "${approval.ticket.subject}".`,
        to: '/approvals',
        label: 'Open Approvals',
      });
    }
    if (was === 'pending' && approval.status !== 'pending' && approval.requestedBy?.id === me.id && approval.decidedBy?.id !== me.id) {
      const comment = approval.comment ? ` Comment: "${approval.comment}"` : '';
      notices.push({
        key: `${approval.id}:${approval.status}`,
        text: `${approval.decidedBy?.name ?? 'An approver'} ${approval.status} your reply on ${reference}.${comment}`,
        to: `/tickets/${reference}`,
        label: `Open ${reference}`,
      });
    }
  }
  return notices;
}

function statementNotices(statements: StatementApprovalDto[], before: Set<string>, me: UserDto): Notice[] {
  return statements
    .filter((statement) => !before.has(statement.versionId) && statement.writtenBy?.id !== me.id)
    .map((statement) => ({
      key: `${statement.versionId}:waiting`,
      text: `${statement.writtenBy?.name ?? 'A colleague'} asks you to approve version ${statement.version} of the statement "${statement.title}".`,
      to: '/approvals',
      label: 'Open Approvals',
    }));
}
