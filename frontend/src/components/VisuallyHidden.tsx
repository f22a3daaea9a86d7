import type { ElementType } from 'react';
import styles from './VisuallyHidden.module.css';
import { classNames, type PolymorphicProps } from './polymorphic';

/** For a screen reader's ears only: off screen, still in the accessibility tree (a caption, a label, a status). */
export function VisuallyHidden<E extends ElementType = 'span'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'span';
  return <Tag {...rest} className={classNames(styles.visuallyHidden, className)} />;
}

/** The class itself, for an element that is hidden only in some states (a table shown on demand). */
export const visuallyHiddenClass = styles.visuallyHidden;
