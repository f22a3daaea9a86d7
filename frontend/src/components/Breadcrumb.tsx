import { Link } from 'react-router';
import styles from './Breadcrumb.module.css';

interface BreadcrumbProps {
  parentTo: string;
  parentLabel: string;
  current: string;
}

/** One level up and the current page, above a detail page's title (ticket, story, statement). */
export function Breadcrumb({ parentTo, parentLabel, current }: BreadcrumbProps) {
  return (
    <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
      <Link to={parentTo}>{parentLabel}</Link> <span aria-hidden="true">›</span> <span aria-current="page">{current}</span>
    </nav>
  );
}
