import type { AddressDto, ApprovalDto } from '@newsdesk/shared';
import { useEffect, useId, useRef, useState, type FormEvent, type Ref } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../../components/RelativeTime';
import { useApproveReply, useRejectReply } from '../hooks/useApprovals';
import { MailFrame } from '../../tickets/components/MailFrame';
import { QuotedText } from '../../../components/QuotedText';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { Card } from '../../../components/Card';
import { Field } from '../../../components/Field';
import { Button, ButtonRow } from '../../../components/Button';
import styles from './ApprovalCard.module.css';

type Mode = 'read' | 'edit' | 'reject';

interface ApprovalCardProps {
  approval: ApprovalDto;
  meId: string;
  /** Told what was decided, for the page to announce (the card leaves the queue). */
  onDecided: (message: string) => void;
}

function formatAddress(address: AddressDto): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

/** One held reply: who it goes to, its text, and approve / edit-then-approve / reject with a comment. */
export function ApprovalCard({ approval, meId, onDecided }: ApprovalCardProps) {
  const id = useId();
  const approve = useApproveReply();
  const reject = useRejectReply();
  const [mode, setMode] = useState<Mode>('read');
  // The approver's edit of the held text: a draft until approved, never a copy shown as saved.
  const [editedBody, setEditedBody] = useState('');
  const [comment, setComment] = useState('');
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const rejectButtonRef = useRef<HTMLButtonElement>(null);
  const latest = approval.versions.at(-1);
  const text = latest?.body ?? '';
  const own = approval.requestedBy?.id === meId;
  const recipients = approval.to.map(formatAddress).join(', ') || 'no recipient';
  const recipientNames = approval.to.map((address) => address.name ?? address.address).join(', ') || 'nobody';
  const reference = approval.ticket.reference;
  const pending = approve.isPending || reject.isPending;
  const error = approve.error ?? reject.error;

  useEffect(() => {
    if (mode !== 'read') textareaRef.current?.focus();
  }, [mode]);

  function switchTo(next: Mode) {
    approve.reset();
    reject.reset();
    if (next === 'edit') setEditedBody(text);
    setMode(next);
    if (next === 'read') window.setTimeout(() => (mode === 'edit' ? editButtonRef : rejectButtonRef).current?.focus(), 0);
  }

  // The outcome is told through the page, awaited rather than passed to mutate(): the live update of the
  // decision can refetch the list and unmount this card first, and mutate()'s own callbacks then never run.
  function decide(done: Promise<unknown>, message: string) {
    done.then(() => onDecided(message)).catch(() => undefined); // the error shows through the mutation's state
  }

  function approveAsWritten() {
    decide(approve.mutateAsync({ id: approval.id, input: {} }), `Approved ${reference}: the reply is on its way to ${recipientNames}.`);
  }

  function approveEdited(event: FormEvent) {
    event.preventDefault();
    if (!editedBody.trim()) return;
    const changed = editedBody !== text;
    decide(
      approve.mutateAsync({ id: approval.id, input: changed ? { body: editedBody } : {} }),
      `Approved ${reference}${changed ? ' with your edits' : ''}: the reply is on its way to ${recipientNames}.`,
    );
  }

  function rejectWithComment(event: FormEvent) {
    event.preventDefault();
    if (!comment.trim()) return;
    decide(reject.mutateAsync({ id: approval.id, comment: comment.trim() }), `Rejected ${reference}: ${approval.requestedBy?.name ?? 'the author'} sees your comment on the thread.`);
  }

  return (
    <Card as="article" className={styles.approval} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className={styles.title}>
        <Link to={`/tickets/${reference}`}>
          <span className={styles.reference}>{reference}</span> {approval.ticket.subject}
        </Link>
      </h2>
      <dl className={styles.meta}>
        <dt>To</dt>
        <dd>{recipients}</dd>
        <dt>Written by</dt>
        <dd>
          {approval.requestedBy?.name ?? 'Unknown'}, <time dateTime={approval.createdAt}>{formatDateTime(approval.createdAt)}</time>
        </dd>
        <dt>Why</dt>
        <dd>{approval.reason}</dd>
        {approval.versions.length > 1 && latest?.editedBy && (
          <>
            <dt>Edited</dt>
            <dd>
              by {latest.editedBy.name} (version {latest.version})
            </dd>
          </>
        )}
      </dl>
      {mode === 'edit' ? (
        <DecisionForm
          id={`${id}-body`}
          name={`Edit and approve ${reference}`}
          label="Reply text (Markdown)"
          rows={10}
          value={editedBody}
          onChange={setEditedBody}
          textareaRef={textareaRef}
          error={error}
          pending={pending}
          submit={approve.isPending ? 'Approving…' : 'Approve edited reply'}
          submitVariant="primary"
          onSubmit={approveEdited}
          onCancel={() => switchTo('read')}
        />
      ) : (
        <QuotedText label="Reply text">
          {/* Rendered as the journalist will read it (server-sanitised HTML, in a sandboxed frame), never as Markdown source. */}
          <MailFrame messageId={`approval-${approval.id}-${latest?.version ?? 0}`} html={latest?.html ?? ''} text={text} attachments={[]} showImages={false} title={`Reply text for ${reference}`} />
        </QuotedText>
      )}
      {mode === 'reject' && (
        <DecisionForm
          id={`${id}-comment`}
          name={`Reject ${reference}`}
          label="Why it cannot go out (the author sees this)"
          rows={3}
          maxLength={2000}
          value={comment}
          onChange={setComment}
          textareaRef={textareaRef}
          error={error}
          pending={pending}
          submit={reject.isPending ? 'Rejecting…' : 'Reject reply'}
          submitVariant="danger"
          onSubmit={rejectWithComment}
          onCancel={() => switchTo('read')}
        />
      )}
      {mode === 'read' && (
        <>
          {own && <Muted as="p">You wrote this reply: another approver must sign it off.</Muted>}
          <FormError error={error} />
          <ButtonRow className={styles.actions}>
            <Button variant="primary" type="button" className={styles.action} onClick={approveAsWritten} disabled={pending || own}>
              {approve.isPending ? 'Approving…' : 'Approve and send'}
            </Button>
            <Button type="button" className={styles.action} ref={editButtonRef} onClick={() => switchTo('edit')} disabled={pending || own}>
              Edit, then approve
            </Button>
            <Button type="button" className={styles.action} ref={rejectButtonRef} onClick={() => switchTo('reject')} disabled={pending || own}>
              Reject
            </Button>
          </ButtonRow>
        </>
      )}
    </Card>
  );
}

interface DecisionFormProps {
  id: string;
  /** The form's name for screen readers. */
  name: string;
  label: string;
  rows: number;
  maxLength?: number;
  value: string;
  onChange: (value: string) => void;
  textareaRef: Ref<HTMLTextAreaElement>;
  error: unknown;
  pending: boolean;
  submit: string;
  submitVariant: 'primary' | 'danger';
  onSubmit: (event: FormEvent) => void;
  onCancel: () => void;
}

/** Approving an edited reply or rejecting with a reason: one text, the decision, Cancel. */
function DecisionForm({ id, name, label, rows, maxLength, value, onChange, textareaRef, error, pending, submit, submitVariant, onSubmit, onCancel }: DecisionFormProps) {
  return (
    <form className={styles.approvalForm} onSubmit={onSubmit} aria-label={name}>
      <Field>
        <label htmlFor={id}>{label}</label>
        <textarea id={id} ref={textareaRef} rows={rows} maxLength={maxLength} value={value} onChange={(event) => onChange(event.currentTarget.value)} required />
      </Field>
      <FormError error={error} />
      <ButtonRow className={styles.actions}>
        <Button variant={submitVariant} type="submit" className={styles.action} disabled={pending || !value.trim()}>
          {submit}
        </Button>
        <Button type="button" className={styles.action} onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </ButtonRow>
    </form>
  );
}
