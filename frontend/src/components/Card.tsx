import styles from './Card.module.css';
import { styled } from './polymorphic';

/** A white bordered block in a column of them (a section of a page, an item of a list). */
export const Card = styled('section', styles.card, 'Card');

/** A card's heading with its badges beside it, wrapping under it when narrow. */
export const CardTitle = styled('h2', styles.cardTitle, 'CardTitle');

/** A list of cards: no bullets, no indent. */
export const CardList = styled('ul', styles.cardList, 'CardList');

/** The card's class, for a component that is a card as well as something else (a form). */
export const cardClass = styles.card;
