import type { ElementType } from 'react';
import { cardClass } from './Card';
import styles from './Form.module.css';
import { classNames, styled, type PolymorphicProps } from './polymorphic';

interface FormLayout {
  /** Fields side by side, as many as fit (a settings form). */
  columns?: boolean;
  /** The form is a card of its own on the page. */
  card?: boolean;
}

/** A form's fields one under the other with room between them (or in columns). */
export function Form<E extends ElementType = 'form'>({ as, columns, card, className, ...rest }: PolymorphicProps<E, FormLayout>) {
  const Tag: ElementType = as ?? 'form';
  return <Tag {...rest} className={classNames(card && cardClass, styles.form, columns && styles.columns, className)} />;
}

/** A form in one row (a field and its button), wrapping when narrow, lined up at the bottom. */
export const InlineForm = styled('form', styles.inlineForm, 'InlineForm');
