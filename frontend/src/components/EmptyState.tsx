import styles from './EmptyState.module.css';
import { styled } from './polymorphic';

/** What a list shows when it has nothing yet: a quiet dashed box. */
export const EmptyState = styled('p', styles.emptyState, 'EmptyState');
