import type { ReactNode } from 'react';
import styles from './SecretCode.module.css';

/** A secret shown once to copy (an API token, a two-factor key): on its own line, breaking anywhere. */
export function SecretCode({ children }: { children: ReactNode }) {
  return <code className={styles.secretCode}>{children}</code>;
}
