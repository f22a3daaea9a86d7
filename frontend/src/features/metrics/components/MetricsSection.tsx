import type { ReactNode } from 'react';
import styles from './MetricsSection.module.css';

interface MetricsSectionProps {
  labelledBy?: string;
  className?: string;
  children: ReactNode;
}

/** One block of the metrics page (a breakdown, the trend, the targets), spaced from the one above. */
export function MetricsSection({ labelledBy, className, children }: MetricsSectionProps) {
  return (
    <section aria-labelledby={labelledBy} className={className ? `${styles.metricsSection} ${className}` : styles.metricsSection}>
      {children}
    </section>
  );
}
