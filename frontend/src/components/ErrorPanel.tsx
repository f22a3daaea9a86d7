import { describeError } from '../api/client';
import { Button } from './Button';
import { Notice } from './Notice';
import styles from './ErrorPanel.module.css';

interface ErrorPanelProps {
  title: string;
  error: unknown;
  onRetry?: () => void;
}

export function ErrorPanel({ title, error, onRetry }: ErrorPanelProps) {
  return (
    <Notice as="div" tone="error" className={styles.errorPanel} role="alert">
      <p>
        <strong>{title}</strong> {describeError(error)}
      </p>
      {onRetry && (
        <Button type="button" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Notice>
  );
}
