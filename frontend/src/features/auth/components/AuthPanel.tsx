import type { ReactNode } from 'react';
import styles from './AuthPanel.module.css';

/** The signed-out screens' card: the product name above the form, centred on the page. */
export function AuthPanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="centered-page">
      <title>{`${title} · Newsdesk`}</title>
      <div className="panel">
        <p className={styles.brand}>Newsdesk</p>
        {children}
      </div>
    </main>
  );
}

/** A link under the form on its own line (Forgot password?, Back to sign in). */
export function AuthAside({ children }: { children: ReactNode }) {
  return <p className={styles.aside}>{children}</p>;
}
