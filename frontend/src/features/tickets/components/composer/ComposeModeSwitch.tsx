import type { ComposeMode } from './compose-mode';
import styles from './Composer.module.css';

interface ComposeModeSwitchProps {
  name: string;
  mode: ComposeMode;
  onChange: (mode: ComposeMode) => void;
}

/** Reply to the journalist or write an internal note. */
export function ComposeModeSwitch({ name, mode, onChange }: ComposeModeSwitchProps) {
  return (
    <div className={styles.modes} role="radiogroup" aria-label="Write a">
      {(['reply', 'note'] as const).map((value) => (
        <label key={value} className={mode === value ? `${styles.mode} ${styles.modeActive}` : styles.mode}>
          <input type="radio" name={name} value={value} checked={mode === value} onChange={() => onChange(value)} />
          {value === 'reply' ? 'Reply' : 'Internal note'}
        </label>
      ))}
    </div>
  );
}
