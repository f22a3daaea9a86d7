import type { ReactNode } from 'react';
import styles from './LinkList.module.css';

interface LinkListProps {
  /** For screen readers where no heading names the list. */
  label?: string;
  className?: string;
  /** `<li>` elements: a link, then its details in muted text. */
  children: ReactNode;
}

/** A bare list of links to other records (earlier inquiries, an outlet's journalists), one a line. */
export function LinkList({ label, className, children }: LinkListProps) {
  return (
    <ul className={className ? `${styles.linkList} ${className}` : styles.linkList} aria-label={label}>
      {children}
    </ul>
  );
}
