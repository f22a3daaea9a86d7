import type { ElementType } from 'react';
import styles from './TwoColumns.module.css';
import { classNames, type PolymorphicProps } from './polymorphic';

/** Blocks side by side while each can have 20rem, one under the other below that. */
export function TwoColumns<E extends ElementType = 'div'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'div';
  return <Tag {...rest} className={classNames(styles.twoColumns, className)} />;
}
