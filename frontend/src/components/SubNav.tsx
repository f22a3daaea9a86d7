import type { ReactNode } from 'react';
import styles from './SubNav.module.css';

interface SubNavProps {
  label: string;
  children: ReactNode;
}

/** The tab row under a section's title (admin, contacts): NavLinks, the current one underlined. */
export function SubNav({ label, children }: SubNavProps) {
  return (
    <nav aria-label={label} className={styles.subNav}>
      {children}
    </nav>
  );
}
