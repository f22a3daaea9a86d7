import { useId, type FormEvent, type ReactNode } from 'react';
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
  return <div className={`field ${styles.search}`}>{children}</div>;
}

interface FilterSelectProps<T extends string> {
  label: string;
  value: T | undefined;
  values: readonly T[];
  /** The first choice, which filters nothing ("Any state"). */
  anyLabel: string;
  optionLabel?: (value: T) => string;
  onChange: (value: string) => void;
}

/** One drop-down of a filter row: any, or one of the values. */
export function FilterSelect<T extends string>({ label, value, values, anyLabel, optionLabel = (option) => option, onChange }: FilterSelectProps<T>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="">{anyLabel}</option>
        {values.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </div>
  );
}
