import type { ReactNode } from 'react';
import styles from './HeaderMeta.module.css';

/** The line of status pills and facts under a record's title (ticket, story, statement). */
export function HeaderMeta({ className, children }: { className?: string; children: ReactNode }) {
  return <p className={className ? `${styles.headerMeta} ${className}` : styles.headerMeta}>{children}</p>;
}
