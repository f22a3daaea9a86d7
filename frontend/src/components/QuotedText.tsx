import type { ReactNode } from 'react';
import styles from './QuotedText.module.css';

interface QuotedTextProps {
  /** `blockquote` for text quoted as it stands (a statement), `div` for a draft under review. */
  as?: 'blockquote' | 'div';
  label?: string;
  className?: string;
  children: ReactNode;
}

/** Text quoted for review, line breaks kept: a statement, or a reply waiting for approval. */
export function QuotedText({ as: Element = 'div', label, className, children }: QuotedTextProps) {
  return (
    <Element className={className ? `${styles.quotedText} ${className}` : styles.quotedText} aria-label={label}>
      {children}
    </Element>
  );
}
