import type { ElementType } from 'react';
import styles from './EmptyState.module.css';
import { classNames, type PolymorphicProps } from './polymorphic';

/** What a list shows when it has nothing yet: a quiet dashed box. */
export function EmptyState<E extends ElementType = 'p'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'p';
  return <Tag {...rest} className={classNames(styles.emptyState, className)} />;
}
