import type { ComponentProps, ElementType } from 'react';
import styles from './Field.module.css';
import { classNames, type PolymorphicProps } from './polymorphic';

/** A label over its control (and any hint or error under it), the label in bold. */
export function Field<E extends ElementType = 'div'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'div';
  return <Tag {...rest} className={classNames(styles.field, className)} />;
}

/** A field's explanation in small grey type; give it an id and point the control's aria-describedby at it. */
export function FieldHint<E extends ElementType = 'p'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'p';
  return <Tag {...rest} className={classNames(styles.hint, className)} />;
}

/** What is wrong with a field's value, in small red type, read out with the control like a hint. */
export function FieldError<E extends ElementType = 'p'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'p';
  return <Tag {...rest} className={classNames(styles.error, className)} />;
}

/** A checkbox with its label beside it (and any hint after), as tall as a text field. */
export function CheckboxField<E extends ElementType = 'div'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'div';
  return <Tag {...rest} className={classNames(styles.checkboxField, className)} />;
}

/** A bordered group of controls under a bold legend (the caller's first child). */
export function Fieldset({ className, ...rest }: ComponentProps<'fieldset'>) {
  return <fieldset {...rest} className={classNames(styles.fieldset, className)} />;
}
