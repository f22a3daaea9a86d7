import type { AddressDto, DeliveryDto, DeliveryStatus, MessageDto } from '@newsdesk/shared';
import { useId, useState } from 'react';
import { ScheduledDelivery } from './ScheduledDelivery';
import { formatDateTime } from '../../../components/RelativeTime';
import { attachmentUrl } from '../../../api/uploads';
import { MailFrame } from './MailFrame';
import { SenderAuthBadge } from '../../../components/SenderAuthBadge';
import { VisuallyHidden } from '../../../components/VisuallyHidden';
import { Notice } from '../../../components/Notice';
import { Muted } from '../../../components/Muted';
import { Button } from '../../../components/Button';
import styles from './MessageCard.module.css';
import { DeliveryState } from '../../../components/DeliveryState';

const DELIVERY_LABELS: Record<DeliveryStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Not delivered',
  cancelled: 'Cancelled, not sent',
};

/** "Delivered" only when a mail server accepted it; a mail written to the local outbox folder has not left. */
export function deliveryLabel(delivery: DeliveryDto): string {
  if (delivery.status === 'queued' && delivery.scheduledFor) return 'Scheduled';
  if (delivery.status === 'sent' && delivery.via === 'smtp') return 'Delivered to the mail server';
  if (delivery.status === 'sent' && delivery.via === 'outbox') return 'Waiting in the local outbox (no mail server configured)';
  return DELIVERY_LABELS[delivery.status];
}

const KIND_LABELS: Record<MessageDto['kind'], string> = {
  inbound: 'From the journalist',
  outbound: 'Reply',
  note: 'Internal note',
};

function formatAddress(address: AddressDto): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// Shown as the approval state or as the sender warning instead of as plain flags.
const SPELLED_OUT_FLAGS = new Set(['awaiting_approval', 'approval_rejected', 'sender_not_verified']);

const APPROVAL_LABELS: Record<NonNullable<MessageDto['approval']>['status'], string> = {
  pending: 'Awaiting approval',
  approved: 'Approved',
  rejected: 'Rejected',
};

/** Whether a journalist's message has quoted history (or a signature) worth folding away; our replies show whole, rendered. */
export function hasQuotedHistory(message: Pick<MessageDto, 'kind' | 'text' | 'newText'>): boolean {
  return message.kind === 'inbound' && !!message.newText && !!message.text && message.newText.trim() !== message.text.trim();
}

export function MessageCard({ message, ticketId }: { message: MessageDto; ticketId?: string }) {
  const headingId = useId();
  const [expanded, setExpanded] = useState(false);
  const [showImages, setShowImages] = useState(false);
  const author = message.kind === 'inbound' ? (message.from?.name ?? message.from?.address ?? 'Unknown sender') : (message.author?.name ?? message.from?.name ?? 'Newsdesk');
  const folded = hasQuotedHistory(message) && !expanded;
  const showFrame = !!message.html && !folded;
  const attachments = message.attachments.filter((attachment) => !attachment.inline || !message.html);
  const flags = message.flags.filter((flag) => !SPELLED_OUT_FLAGS.has(flag));
  const approval = message.approval;

  return (
    <article className={`${styles.message} ${styles[`message--${message.kind}`] ?? ''}${approval && approval.status !== 'approved' ? ` ${styles[`message--${approval.status}`] ?? ''}` : ''}`} aria-labelledby={headingId}>
      <header className={styles.messageHeader}>
        <h3 id={headingId} className={styles.messageAuthor}>
          <VisuallyHidden>{KIND_LABELS[message.kind]}: </VisuallyHidden>
          {author}
        </h3>
        <span className={styles.messageKind} aria-hidden="true">
          {KIND_LABELS[message.kind]}
        </span>
        {message.delivery && (
          <DeliveryState status={message.delivery.status} via={message.delivery.via} title={message.delivery.error ?? message.delivery.response ?? undefined}>
            {deliveryLabel(message.delivery)}
            {message.delivery.status !== 'sent' && message.delivery.attempts > 1 ? ` (attempt ${message.delivery.attempts})` : ''}
          </DeliveryState>
        )}
        {message.kind === 'inbound' && message.senderAuth && <SenderAuthBadge senderAuth={message.senderAuth} />}
        {approval && <span className={`${styles.approvalState} ${styles[`approval-state--${approval.status}`] ?? ''}`}>{APPROVAL_LABELS[approval.status]}</span>}
        <time className={styles.messageTime} dateTime={message.createdAt}>
          {formatDateTime(message.createdAt)}
        </time>
      </header>
      {message.kind !== 'note' && (message.to.length > 0 || message.cc.length > 0) && (
        <dl className={styles.messageAddresses}>
          {message.from && message.kind === 'inbound' && (
            <>
              <dt>From</dt>
              <dd>{formatAddress(message.from)}</dd>
            </>
          )}
          {message.to.length > 0 && (
            <>
              <dt>To</dt>
              <dd>{message.to.map(formatAddress).join(', ')}</dd>
            </>
          )}
          {message.cc.length > 0 && (
            <>
              <dt>Cc</dt>
              <dd>{message.cc.map(formatAddress).join(', ')}</dd>
            </>
          )}
        </dl>
      )}
      {ticketId && message.delivery?.scheduledFor && message.delivery.status === 'queued' && <ScheduledDelivery ticketId={ticketId} message={message} />}
      {message.delivery?.status === 'failed' && message.delivery.error && (
        <Notice tone="error" className={styles.notice}>Delivery failed: {message.delivery.error}</Notice>
      )}
      {message.flags.includes('sender_not_verified') && (
        <Notice tone="warning" className={styles.notice}>
          <strong>Sender not verified.</strong> This mail claims to come from {message.from?.address ?? 'a known journalist'}, but nothing proves it
          {message.senderAuth ? ` (${message.senderAuth.reason})` : ''}. Check with them another way before acting on it.
        </Notice>
      )}
      {approval?.status === 'pending' && (
        <Notice tone="warning" className={styles.notice}>
          Not sent yet: held until an approver signs it off ({approval.reason}).
        </Notice>
      )}
      {approval?.status === 'rejected' && (
        <Notice tone="error" className={styles.notice}>Rejected: {approval.comment ?? 'no reason given'}</Notice>
      )}
      {flags.length > 0 && (
        <ul className={styles.messageFlags} aria-label="Flags">
          {flags.map((flag) => (
            <li key={flag}>{flag.replace(/_/g, ' ')}</li>
          ))}
        </ul>
      )}
      <div className={styles.messageBody}>
        {showFrame ? (
          <MailFrame
            messageId={message.id}
            html={message.html ?? ''}
            text={message.text}
            attachments={message.attachments}
            showImages={showImages}
            title={`Message from ${author}`}
          />
        ) : (
          <div className={styles.messageText}>{folded ? message.newText : (message.text ?? message.newText ?? '')}</div>
        )}
      </div>
      <div className={styles.messageActions}>
        {hasQuotedHistory(message) && (
          <Button variant="link" type="button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Hide quoted text' : 'Show quoted text'}
          </Button>
        )}
        {showFrame && message.remoteImages > 0 && !showImages && (
          <Button variant="link" type="button" onClick={() => setShowImages(true)}>
            Show {message.remoteImages} remote {message.remoteImages === 1 ? 'image' : 'images'}
          </Button>
        )}
      </div>
      {attachments.length > 0 && (
        <ul className={styles.attachments} aria-label="Attachments">
          {attachments.map((attachment) => (
            <li key={attachment.id}>
              <a href={attachmentUrl(attachment.id)} download={attachment.filename}>
                {attachment.filename}
              </a>{' '}
              <Muted>({formatSize(attachment.size)})</Muted>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
