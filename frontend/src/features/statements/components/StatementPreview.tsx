import type { ReactNode } from 'react';
import { QuotedText } from '../../../components/QuotedText';
import styles from './StatementPreview.module.css';

/** A statement's text in force with a caption naming its version (statement page, send-to-story panel). */
export function StatementPreview({ caption, body }: { caption: ReactNode; body: string }) {
  return (
    <figure className={styles.statementPreview}>
      <figcaption className="muted">{caption}</figcaption>
      <QuotedText as="blockquote">{body}</QuotedText>
    </figure>
  );
}
