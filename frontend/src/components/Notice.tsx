import type { ElementType } from 'react';
import styles from './Notice.module.css';
import { classNames, type PolymorphicProps } from './polymorphic';

export type NoticeTone = 'info' | 'warning' | 'error';

/** The classes of a notice in that tone, for an element that is a notice only in some states (a live region). */
export function noticeClass(tone: NoticeTone = 'info'): string {
  if (tone === 'error') return styles.error;
  return tone === 'warning' ? `${styles.notice} ${styles.warning}` : styles.notice;
}

/** A boxed message: information (blue), a warning (amber) or an error (red). The caller gives any role (status, alert, note). */
export function Notice<E extends ElementType = 'p'>({ as, tone = 'info', className, ...rest }: PolymorphicProps<E, { tone?: NoticeTone }>) {
  const Tag: ElementType = as ?? 'p';
  return <Tag {...rest} className={classNames(noticeClass(tone), className)} />;
}
