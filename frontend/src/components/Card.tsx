import type { ElementType } from 'react';
import styles from './Card.module.css';
import { classNames, type PolymorphicProps } from './polymorphic';

/** A white bordered block in a column of them (a section of a page, an item of a list). */
export function Card<E extends ElementType = 'section'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'section';
  return <Tag {...rest} className={classNames(styles.card, className)} />;
}

/** A card's heading with its badges beside it, wrapping under it when narrow. */
export function CardTitle<E extends ElementType = 'h2'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'h2';
  return <Tag {...rest} className={classNames(styles.cardTitle, className)} />;
}

/** A list of cards: no bullets, no indent. */
export function CardList<E extends ElementType = 'ul'>({ as, className, ...rest }: PolymorphicProps<E>) {
  const Tag: ElementType = as ?? 'ul';
  return <Tag {...rest} className={classNames(styles.cardList, className)} />;
}

/** The card's class, for a component that is a card as well as something else (a form). */
export const cardClass = styles.card;
