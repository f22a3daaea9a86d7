import { Button } from './Button';
import styles from './LoadMore.module.css';
/** What "Load more" needs from an infinite query (TanStack Query's useInfiniteQuery result). */
export interface NextPages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The "Load more" button under a keyset-paged list; nothing once the last page is in. */
export function LoadMore({ pages, showProgress = false }: { pages: NextPages; showProgress?: boolean }) {
  if (!pages.hasNextPage) return null;
  return (
    <div className={styles.loadMore}>
      <Button type="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
        {showProgress && pages.isFetchingNextPage ? 'Loading…' : 'Load more'}
      </Button>
    </div>
  );
}
