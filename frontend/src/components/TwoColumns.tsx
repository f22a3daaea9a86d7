import styles from './TwoColumns.module.css';
import { styled } from './polymorphic';

/** Blocks side by side while each can have 20rem, one under the other below that. */
export const TwoColumns = styled('div', styles.twoColumns, 'TwoColumns');
