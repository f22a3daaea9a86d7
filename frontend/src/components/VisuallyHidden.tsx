import styles from './VisuallyHidden.module.css';
import { styled } from './polymorphic';

/** For a screen reader's ears only: off screen, still in the accessibility tree (a caption, a label, a status). */
export const VisuallyHidden = styled('span', styles.visuallyHidden, 'VisuallyHidden');

/** The class itself, for an element that is hidden only in some states (a table shown on demand). */
export const visuallyHiddenClass = styles.visuallyHidden;
