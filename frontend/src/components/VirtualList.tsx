import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { computeWindow, scrollOffsetToReveal } from './virtual-window';
import styles from './VirtualList.module.css';

// Before layout (and in jsdom, which has none) the viewport is assumed this tall.
const FALLBACK_VIEWPORT_HEIGHT = 720;

interface VirtualListProps {
  itemCount: number;
  itemHeight: number;
  renderItem: (index: number) => ReactNode;
  overscan?: number;
  /** Kept in view: keyboard navigation moves it. */
  activeIndex?: number;
  /** Told which rows are rendered, e.g. to load the next page before the end is reached. */
  onRangeChange?: (start: number, end: number) => void;
  className?: string;
}

/**
 * A scrolling list that renders only the rows in view (fixed row height), so 10,000 rows cost
 * what 30 do. The rows are a `rowgroup`; the caller supplies `row` elements.
 */
export function VirtualList({ itemCount, itemHeight, renderItem, overscan = 8, activeIndex, onRangeChange, className }: VirtualListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollOffset, setScrollOffset] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(FALLBACK_VIEWPORT_HEIGHT);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const measure = () => setViewportHeight(element.clientHeight || FALLBACK_VIEWPORT_HEIGHT);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = scrollRef.current;
    if (!element || activeIndex === undefined || activeIndex < 0) return;
    const target = scrollOffsetToReveal(activeIndex, itemHeight, element.clientHeight || viewportHeight, element.scrollTop);
    if (target !== null) {
      element.scrollTop = target;
      setScrollOffset(target);
    }
  }, [activeIndex, itemHeight, viewportHeight]);

  const { start, end, offset, totalHeight } = computeWindow({ itemCount, itemHeight, viewportHeight, scrollOffset, overscan });

  useEffect(() => {
    onRangeChange?.(start, end);
  }, [start, end, onRangeChange]);

  const rows: ReactNode[] = [];
  for (let index = start; index < end; index++) rows.push(renderItem(index));

  return (
    <div
      ref={scrollRef}
      className={[styles.virtualList, className].filter(Boolean).join(' ')}
      role="presentation"
      onScroll={(event) => setScrollOffset(event.currentTarget.scrollTop)}
    >
      <div className={styles.virtualListSpacer} role="presentation" style={{ height: totalHeight }}>
        <div role="rowgroup" className={styles.virtualListRows} style={{ transform: `translateY(${offset}px)` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
