import type { FormEvent, ReactNode } from 'react';
import { Field } from './Field';
import styles from './FilterBar.module.css';

interface FilterBarProps {
  /** The form's name for screen readers ("Filter the outbox"). */
  label: string;
  /** `search` when the row looks for text (a landmark screen readers can jump to). */
  role?: 'search';
  /** Without one, the filters apply as they change and Enter does nothing. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
}

/** The row of filters above a list (queue, searches, intake log, outbox); one column on a phone. */
export function FilterBar({ label, role, onSubmit, children }: FilterBarProps) {
  return (
    <form role={role} aria-label={label} className={styles.filterBar} onSubmit={onSubmit ?? ((event) => event.preventDefault())}>
      {children}
    </form>
  );
}

/** The search box of a filter row: it takes the room the other filters leave. */
export function FilterBarSearch({ children }: { children: ReactNode }) {
  return <Field className={styles.search}>{children}</Field>;
}
