import type { ComponentProps, ElementType } from 'react';
import { Link } from 'react-router';
import styles from './Button.module.css';
import { classNames, styled, type PolymorphicProps } from './polymorphic';

/** primary: the form's main action; danger: one that destroys; quiet: a secondary action on a light page; link: a button that reads as a link. */
export type ButtonVariant = 'default' | 'primary' | 'danger' | 'quiet' | 'link';

/** The classes of a button in that variant. */
export function buttonClass(variant: ButtonVariant = 'default'): string {
  return variant === 'default' ? styles.button : `${styles.button} ${styles[variant]}`;
}

/** A button (or, with `as`, a link or a file input's label that looks like one). The caller gives its type. */
export function Button<E extends ElementType = 'button'>({ as, variant, className, ...rest }: PolymorphicProps<E, { variant?: ButtonVariant }>) {
  const Tag: ElementType = as ?? 'button';
  return <Tag {...rest} className={classNames(buttonClass(variant), className)} />;
}

/** A router link that looks like a button. */
export function ButtonLink({ variant, className, ...rest }: Omit<ComponentProps<typeof Link>, 'className'> & { variant?: ButtonVariant; className?: string }) {
  return <Link {...rest} className={classNames(buttonClass(variant), className)} />;
}

/** Buttons side by side, wrapping when narrow. */
export const ButtonRow = styled('div', styles.buttonRow, 'ButtonRow');
