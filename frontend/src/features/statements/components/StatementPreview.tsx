import type { ReactNode } from 'react';
import { QuotedText } from '../../../components/QuotedText';
import { Muted } from '../../../components/Muted';
import styles from './StatementPreview.module.css';

/** A statement's text in force with a caption naming its version (statement page, send-to-story panel). */
export function StatementPreview({ caption, body }: { caption: ReactNode; body: string }) {
  return (
    <figure className={styles.statementPreview}>
      <Muted as="figcaption">{caption}</Muted>
      <QuotedText as="blockquote">{body}</QuotedText>
    </figure>
  );
}
