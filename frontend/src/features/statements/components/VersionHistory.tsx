import type { StatementDetailDto, StatementVersionDto } from '@newsdesk/shared';
import { formatDateTime } from '../../../components/RelativeTime';
import { QuotedText } from '../../../components/QuotedText';
import { InForceBadge } from './StatementStatusBadge';
import { Muted } from '../../../components/Muted';
import { Card } from '../../../components/Card';
import styles from './VersionHistory.module.css';

/** Every version of a statement, newest first, the one in force marked. */
export function VersionHistory({ statement }: { statement: StatementDetailDto }) {
  return (
    <Card aria-labelledby="statement-versions">
      <h2 id="statement-versions">Version history</h2>
      <ol className={styles.versions}>
        {statement.versions.map((version) => (
          <VersionEntry key={version.id} version={version} current={version.id === statement.currentVersion?.id} />
        ))}
      </ol>
    </Card>
  );
}

function VersionEntry({ version, current }: { version: StatementVersionDto; current: boolean }) {
  return (
    <li className={styles.versionsEntry}>
      <p>
        <strong>Version {version.version}</strong>
        {current && <InForceBadge />}{' '}
        <Muted>
          written by {version.createdBy?.name ?? 'someone'} on {formatDateTime(version.createdAt)}
          {version.approvedAt ? `; approved by ${version.approvedBy?.name ?? 'someone'} on ${formatDateTime(version.approvedAt)}` : '; not approved'}
        </Muted>
      </p>
      <details>
        <summary>Text</summary>
        <QuotedText>{version.body}</QuotedText>
      </details>
    </li>
  );
}
