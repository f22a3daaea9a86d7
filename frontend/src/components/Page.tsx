import styles from './Page.module.css';
import { styled } from './polymorphic';

/** The signed-in screens' main area: centred, at most 80rem wide, padded (less on a phone). */
export const Page = styled('main', styles.page, 'Page');

/** A page's title row: the heading on the left, its actions on the right, wrapping on a phone. */
export const PageHeader = styled('div', styles.pageHeader, 'PageHeader');

/** One thing in the middle of the screen (sign-in, an error, loading): the screens outside the app's layout. */
export const CenteredPage = styled('main', styles.centeredPage, 'CenteredPage');
