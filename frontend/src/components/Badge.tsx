import type { ElementType } from 'react';
import styles from './Badge.module.css';
import { classNames, type PolymorphicProps } from './polymorphic';

export type BadgeTone = 'success' | 'warning' | 'danger' | 'muted';

/** A short label in a pill (a status, a flag, a language). Its tone says how things stand; each caller maps its own states to one. */
export function Badge<E extends ElementType = 'span'>({ as, tone, className, ...rest }: PolymorphicProps<E, { tone?: BadgeTone }>) {
  const Tag: ElementType = as ?? 'span';
  return <Tag {...rest} className={classNames(styles.badge, tone && styles[tone], className)} />;
}
