import styles from './Muted.module.css';
import { styled } from './polymorphic';

/** Secondary text (a date, a count, an explanation) in the muted grey. */
export const Muted = styled('span', styles.muted, 'Muted');
