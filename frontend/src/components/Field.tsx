import type { ComponentProps } from 'react';
import styles from './Field.module.css';
import { classNames, styled } from './polymorphic';

/** A label over its control (and any hint or error under it), the label in bold. */
export const Field = styled('div', styles.field, 'Field');

/** A field's explanation in small grey type; give it an id and point the control's aria-describedby at it. */
export const FieldHint = styled('p', styles.hint, 'FieldHint');

/** What is wrong with a field's value, in small red type, read out with the control like a hint. */
export const FieldError = styled('p', styles.error, 'FieldError');

/** A checkbox with its label beside it (and any hint after), as tall as a text field. */
export const CheckboxField = styled('div', styles.checkboxField, 'CheckboxField');

/** A bordered group of controls under a bold legend (the caller's first child). */
export function Fieldset({ className, ...rest }: ComponentProps<'fieldset'>) {
  return <fieldset {...rest} className={classNames(styles.fieldset, className)} />;
}
