import type { DeliveryRoute, DeliveryStatus } from '@newsdesk/shared';
import type { ReactNode } from 'react';
import styles from './DeliveryState.module.css';

interface DeliveryStateProps {
  status: DeliveryStatus;
  via: DeliveryRoute | null;
  title?: string;
  children: ReactNode;
}

/** Where a mail stands in the outbox, coloured by state; a "sent" that only reached the local outbox reads as waiting. */
export function DeliveryState({ status, via, title, children }: DeliveryStateProps) {
  const className = [styles.delivery, styles[`delivery--${status}`], via === 'outbox' ? styles['delivery--local'] : undefined].filter(Boolean).join(' ');
  return (
    <span className={className} data-delivery={status} title={title}>
      {children}
    </span>
  );
}
