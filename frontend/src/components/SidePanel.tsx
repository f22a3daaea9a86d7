import type { ReactNode } from 'react';
import styles from './SidePanel.module.css';

interface SidePanelProps {
  /** The caller's useId(): the heading gets `${id}-heading`, so the caller's own fields can share the prefix. */
  id: string;
  title: string;
  children: ReactNode;
}

/** A titled box in a detail page's side column (ticket details, journalist, related inquiries). */
export function SidePanel({ id, title, children }: SidePanelProps) {
  return (
    <section className={styles.sidePanel} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}
