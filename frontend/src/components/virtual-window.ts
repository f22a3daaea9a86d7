export interface WindowInput {
  itemCount: number;
  itemHeight: number;
  viewportHeight: number;
  scrollOffset: number;
  /** Extra rows rendered above and below the viewport, so fast scrolling shows no gaps. */
  overscan: number;
}

export interface VirtualWindow {
  /** First rendered index. */
  start: number;
  /** One past the last rendered index. */
  end: number;
  /** Where the first rendered row sits, in px from the top of the list. */
  offset: number;
  totalHeight: number;
}

/** Which rows of a fixed-row-height list to render for a scroll position. */
export function computeWindow({ itemCount, itemHeight, viewportHeight, scrollOffset, overscan }: WindowInput): VirtualWindow {
  const totalHeight = itemCount * itemHeight;
  if (itemCount === 0 || itemHeight <= 0) return { start: 0, end: 0, offset: 0, totalHeight };
  // A scroll position past the end (the list shrank) behaves as scrolled to the bottom.
  const maxOffset = Math.max(0, totalHeight - viewportHeight);
  const offsetTop = Math.min(Math.max(0, scrollOffset), maxOffset);
  const firstVisible = Math.floor(offsetTop / itemHeight);
  const lastVisible = Math.ceil((offsetTop + Math.max(viewportHeight, 0)) / itemHeight);
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(itemCount, Math.max(lastVisible, firstVisible + 1) + overscan);
  return { start, end, offset: start * itemHeight, totalHeight };
}

/** The scroll offset that brings row `index` fully into view, or null when it already is. */
export function scrollOffsetToReveal(index: number, itemHeight: number, viewportHeight: number, scrollOffset: number): number | null {
  const top = index * itemHeight;
  const bottom = top + itemHeight;
  if (top < scrollOffset) return top;
  if (bottom > scrollOffset + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return null;
}
