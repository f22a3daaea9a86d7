import { Muted } from '../../../components/Muted';
import { Button } from '../../../components/Button';
import styles from './QueueFooter.module.css';

interface QueueFooterProps {
  loaded: number;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

/** Under the grid: how many inquiries are loaded, Load more, and the keyboard shortcuts. */
export function QueueFooter({ loaded, hasMore, loadingMore, onLoadMore }: QueueFooterProps) {
  return (
    <div className={styles.queueFooter}>
      {loaded > 0 && (
        <Muted as="p">
          {loaded} {loaded === 1 ? 'inquiry' : 'inquiries'}
          {hasMore ? ' loaded so far' : ''}
        </Muted>
      )}
      {hasMore && (
        <Button type="button" onClick={onLoadMore} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Load more'}
        </Button>
      )}
      <ShortcutsHelp />
    </div>
  );
}

function ShortcutsHelp() {
  return (
    <details className={styles.shortcutsHelp}>
      <summary>Keyboard shortcuts</summary>
      <dl>
        <dt>j / k</dt>
        <dd>next / previous inquiry</dd>
        <dt>Enter</dt>
        <dd>open it</dd>
        <dt>x</dt>
        <dd>select it</dd>
        <dt>a</dt>
        <dd>assign it to me</dd>
        <dt>r / n</dt>
        <dd>reply / add a note</dd>
        <dt>e</dt>
        <dd>close it</dd>
        <dt>/</dt>
        <dd>search</dd>
      </dl>
      <Muted as="p">Every change a key makes is shown in a toast with Undo.</Muted>
    </details>
  );
}
