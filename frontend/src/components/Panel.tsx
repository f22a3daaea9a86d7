import type { ElementType } from 'react';
import styles from './Panel.module.css';
import { classNames, type PolymorphicProps } from './polymorphic';

/** A white box of limited width (26rem, or 40rem when wide): a form or a block of its own. */
export function Panel<E extends ElementType = 'div'>({ as, wide, className, ...rest }: PolymorphicProps<E, { wide?: boolean }>) {
  const Tag: ElementType = as ?? 'div';
  return <Tag {...rest} className={classNames(styles.panel, wide && styles.wide, className)} />;
}
