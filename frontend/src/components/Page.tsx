import type { ElementType } from 'react';
import styles from './Page.module.css';
import { classNames, type PolymorphicProps } from './polymorphic';

/** The signed-in screens' main area: centred, at most 80rem wide, padded (less on a phone). */
export function Page<E extends ElementType = 'main'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'main';
  return <Tag {...rest} className={classNames(styles.page, className)} />;
}

/** A page's title row: the heading on the left, its actions on the right, wrapping on a phone. */
export function PageHeader<E extends ElementType = 'div'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'div';
  return <Tag {...rest} className={classNames(styles.pageHeader, className)} />;
}

/** One thing in the middle of the screen (sign-in, an error, loading): the screens outside the app's layout. */
export function CenteredPage<E extends ElementType = 'main'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'main';
  return <Tag {...rest} className={classNames(styles.centeredPage, className)} />;
}
