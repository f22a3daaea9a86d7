import type { StatementDetailDto, StatementVersionDto, UserDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { describeError } from '../../../api/client';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { formatDateTime } from '../../../components/RelativeTime';
import { hasRole } from '../../auth/components/RequireRole';
import { useSession } from '../../auth/hooks/useSession';
import { useUsers } from '../../users/hooks/useUsers';
import { DeliveriesTable } from '../components/DeliveriesTable';
import { ReviewDate } from '../components/ReviewDate';
import { InForceBadge, StatementStatusBadge } from '../components/StatementStatusBadge';
import { useStatement } from '../hooks/useStatements';
import { useAddStatementVersion, useApproveStatementVersion, useRetireStatement, useUpdateStatement } from '../hooks/useStatementMutations';
import { HeaderMeta } from '../../../components/HeaderMeta';
import { QuotedText } from '../../../components/QuotedText';
import styles from './StatementPage.module.css';
import { SaveFooter } from '../../../components/SaveFooter';
import { Breadcrumb } from '../../../components/Breadcrumb';
import { StatementPreview } from '../components/StatementPreview';

/** One statement: the wording in force, a newer one awaiting approval, every version, and where it went. */
export function StatementPage() {
  const { statementId = '' } = useParams();
  const statement = useStatement(statementId);
  const me = useSession().data?.user;
  const governs = hasRole(me?.role, ['admin', 'manager']);

  if (statement.isError) {
    return (
      <>
        <title>Statement · Newsdesk</title>
        <p>
          <Link to="/statements">Back to the library</Link>
        </p>
        <ErrorPanel title="This statement could not load." error={statement.error} onRetry={() => void statement.refetch()} />
      </>
    );
  }
  if (!statement.data || !me) return <p role="status">Loading the statement…</p>;
  const data = statement.data;

  return (
    <>
      <title>{`${data.title} · Statement library · Newsdesk`}</title>
      <Breadcrumb parentTo="/statements" parentLabel="Statement library" current={data.title} />
      <h1>{data.title}</h1>
      <HeaderMeta>
        <StatementStatusBadge status={data.status} />
        {data.topic && <span className="badge">Topic: {data.topic}</span>}
        <span>Owner: {data.owner?.name ?? 'nobody'}</span>
        <ReviewDate statement={data} />
      </HeaderMeta>
      <div className="two-columns">
        <div>
          <CurrentWording statement={data} meId={me.id} governs={governs} />
          {data.status !== 'retired' && <NewVersionForm key={data.versions[0]?.id ?? 'none'} statement={data} />}
        </div>
        <div>
          <DetailsForm key={data.updatedAt} statement={data} governs={governs} />
          {governs && data.status !== 'retired' && <RetireStatement statement={data} />}
        </div>
      </div>
      <section className="card" aria-labelledby="statement-versions">
        <h2 id="statement-versions">Version history</h2>
        <ol className={styles.versions}>
          {data.versions.map((version) => (
            <VersionEntry key={version.id} version={version} current={version.id === data.currentVersion?.id} />
          ))}
        </ol>
      </section>
      <section className="card" aria-labelledby="statement-deliveries">
        <h2 id="statement-deliveries">Sent to</h2>
        <DeliveriesTable statementId={data.id} />
      </section>
    </>
  );
}

function CurrentWording({ statement, meId, governs }: { statement: StatementDetailDto; meId: string; governs: boolean }) {
  const approve = useApproveStatementVersion();
  const pending = statement.pendingVersion;
  const ownDraft = pending?.createdBy?.id === meId;

  return (
    <section className="card" aria-labelledby="statement-current">
      <h2 id="statement-current">In force</h2>
      {statement.currentVersion ? (
        <StatementPreview
          caption={
            <>
              Version {statement.currentVersion.version}, approved by {statement.currentVersion.approvedBy?.name ?? 'someone'}
              {statement.currentVersion.approvedAt ? ` on ${formatDateTime(statement.currentVersion.approvedAt)}` : ''}
            </>
          }
          body={statement.currentVersion.body}
        />
      ) : (
        <p className="muted">No version is approved yet: this statement cannot be sent.</p>
      )}
      {pending && statement.status !== 'retired' && (
        <div className={styles.statementPending}>
          <h3>Version {pending.version} awaits approval</h3>
          <p className="muted">
            Written by {pending.createdBy?.name ?? 'someone'} on {formatDateTime(pending.createdAt)}
          </p>
          <QuotedText as="blockquote" className={styles.pendingText}>{pending.body}</QuotedText>
          {governs ? (
            ownDraft ? (
              <p className="muted">You wrote this version: another manager or admin approves it.</p>
            ) : (
              <button
                type="button"
                className="button button--primary"
                disabled={approve.isPending}
                onClick={() => approve.mutate({ id: statement.id, versionId: pending.id })}
              >
                {approve.isPending ? 'Approving…' : `Approve version ${pending.version}`}
              </button>
            )
          ) : (
            <p className="muted">A manager or admin approves it.</p>
          )}
          {approve.isError && (
            <p role="alert" className="form-error">
              {describeError(approve.error)}
            </p>
          )}
        </div>
      )}
      {approve.isSuccess && !pending && (
        <p role="status" className="notice">
          Approved: version {statement.currentVersion?.version} is now the one sent and inserted.
        </p>
      )}
    </section>
  );
}

function NewVersionForm({ statement }: { statement: StatementDetailDto }) {
  const id = useId();
  const add = useAddStatementVersion();
  // Seeded with the latest wording; a draft until saved as a new version.
  const [body, setBody] = useState(statement.versions[0]?.body ?? '');
  const [open, setOpen] = useState(false);
  const unchanged = body === (statement.versions[0]?.body ?? '');

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (unchanged || !body.trim()) return;
    add.mutate({ id: statement.id, body }, { onSuccess: () => setOpen(false) });
  }

  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Write a new version
      </button>
    );
  }
  return (
    <form className="card form" onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>New version</h2>
      <p className="muted">The approved version stays in force until this one is approved.</p>
      <div className="field">
        <label htmlFor={`${id}-body`}>Text (Markdown)</label>
        <textarea id={`${id}-body`} rows={8} value={body} onChange={(event) => setBody(event.currentTarget.value)} required maxLength={50_000} />
      </div>
      {add.isError && (
        <p role="alert" className="form-error">
          {describeError(add.error)}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={add.isPending || unchanged || !body.trim()}>
          Save as draft version
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DetailsForm({ statement, governs }: { statement: StatementDetailDto; governs: boolean }) {
  const id = useId();
  const update = useUpdateStatement();
  const users = useUsers();
  const [draft, setDraft] = useState({
    title: statement.title,
    topic: statement.topic ?? '',
    ownerId: statement.owner?.id ?? '',
    reviewBy: statement.reviewBy ?? '',
  });
  const set = (field: keyof typeof draft) => (event: { currentTarget: { value: string } }) => setDraft({ ...draft, [field]: event.currentTarget.value });
  const owners: Pick<UserDto, 'id' | 'name'>[] = (users.data ?? []).filter((user) => user.active || user.id === statement.owner?.id);

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate({
      id: statement.id,
      patch: {
        title: draft.title.trim(),
        topic: draft.topic.trim() || null,
        ...(governs ? { ownerId: draft.ownerId || null, reviewBy: draft.reviewBy || null } : {}),
      },
    });
  }

  return (
    <form className="card form" onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Details</h2>
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} value={draft.title} onChange={set('title')} required maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-topic`}>Topic</label>
        <input id={`${id}-topic`} value={draft.topic} onChange={set('topic')} maxLength={64} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-owner`}>Owner</label>
        <select id={`${id}-owner`} value={draft.ownerId} onChange={set('ownerId')} disabled={!governs}>
          <option value="">Nobody</option>
          {statement.owner && !owners.some((user) => user.id === statement.owner?.id) && <option value={statement.owner.id}>{statement.owner.name}</option>}
          {owners.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-review`}>Review by</label>
        <input id={`${id}-review`} type="date" value={draft.reviewBy} onChange={set('reviewBy')} disabled={!governs} aria-describedby={governs ? undefined : `${id}-review-hint`} />
        {!governs && (
          <p id={`${id}-review-hint`} className="field__hint">
            Managers and admins set the owner and the review date.
          </p>
        )}
      </div>
      <SaveFooter save={update} label="Save details" />
    </form>
  );
}

function RetireStatement({ statement }: { statement: StatementDetailDto }) {
  const retire = useRetireStatement();
  return (
    <section className="card" aria-labelledby="statement-retire">
      <h2 id="statement-retire">Retire</h2>
      <p className="muted">A retired statement can no longer be inserted or sent; its history stays.</p>
      {retire.isError && (
        <p role="alert" className="form-error">
          {describeError(retire.error)}
        </p>
      )}
      <button
        type="button"
        className="button button--danger"
        disabled={retire.isPending}
        onClick={() => {
          if (window.confirm(`Retire “${statement.title}”? Nobody can send it afterwards.`)) retire.mutate(statement.id);
        }}
      >
        Retire statement
      </button>
    </section>
  );
}

function VersionEntry({ version, current }: { version: StatementVersionDto; current: boolean }) {
  return (
    <li className={styles.versionsEntry}>
      <p>
        <strong>Version {version.version}</strong>
        {current && <InForceBadge />}{' '}
        <span className="muted">
          written by {version.createdBy?.name ?? 'someone'} on {formatDateTime(version.createdAt)}
          {version.approvedAt ? `; approved by ${version.approvedBy?.name ?? 'someone'} on ${formatDateTime(version.approvedAt)}` : '; not approved'}
        </span>
      </p>
      <details>
        <summary>Text</summary>
        <QuotedText>{version.body}</QuotedText>
      </details>
    </li>
  );
}
