import type { SenderAuthDto, SenderAuthStatus } from '@newsdesk/shared';
import { VisuallyHidden } from './VisuallyHidden';
import styles from './SenderAuthBadge.module.css';

const LABELS: Record<SenderAuthStatus, string> = {
  verified: 'Verified sender',
  unverified: 'Unverified sender',
  failed: 'Sender failed verification',
};

/** Whether the mail proved its sender (SPF/DKIM/DMARC); the reason on hover and for screen readers. */
export function SenderAuthBadge({ senderAuth }: { senderAuth: SenderAuthDto }) {
  return (
    <span className={`${styles.senderAuth} ${styles[`sender-auth--${senderAuth.status}`] ?? ''}`} title={senderAuth.reason}>
      {LABELS[senderAuth.status]}
      <VisuallyHidden>: {senderAuth.reason}</VisuallyHidden>
    </span>
  );
}
