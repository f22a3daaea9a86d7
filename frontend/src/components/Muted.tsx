import type { ElementType } from 'react';
import styles from './Muted.module.css';
import { classNames, type PolymorphicProps } from './polymorphic';

/** Secondary text (a date, a count, an explanation) in the muted grey. */
export function Muted<E extends ElementType = 'span'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'span';
  return <Tag {...rest} className={classNames(styles.muted, className)} />;
}
