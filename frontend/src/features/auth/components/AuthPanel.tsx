import type { ReactNode } from 'react';
import { CenteredPage } from '../../../components/Page';
import { Panel } from '../../../components/Panel';
import styles from './AuthPanel.module.css';

/** The signed-out screens' card: the product name above the form, centred on the page. */
export function AuthPanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <CenteredPage>
      <title>{`${title} · Newsdesk`}</title>
      <Panel>
        <p className={styles.brand}>Newsdesk</p>
        {children}
      </Panel>
    </CenteredPage>
  );
}

/** A link under the form on its own line (Forgot password?, Back to sign in). */
export function AuthAside({ children }: { children: ReactNode }) {
  return <p className={styles.aside}>{children}</p>;
}
