import { STATEMENT_STATUSES } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import type { StatementFilters } from '../../../api/statements';
import { ReviewDate } from '../components/ReviewDate';
import { StatementStatusBadge } from '../components/StatementStatusBadge';
import { useStatementList } from '../hooks/useStatements';
import { useCreateStatement } from '../hooks/useStatementMutations';
import { STATEMENT_STATUS_LABELS } from '../statement-labels';
import { LoadMore } from '../../../components/LoadMore';
import { CellMain, CellSub, QueryTable, TableRow } from '../../../components/DataTable';
import { SearchForm } from '../../../components/SearchForm';
import { FormError } from '../../../components/FormError';
import { StatementTitleTopicFields } from '../components/StatementTitleTopicFields';
import { Muted } from '../../../components/Muted';
import { Form } from '../../../components/Form';
import { CheckboxField, Field, FieldError } from '../../../components/Field';
import { Button } from '../../../components/Button';

function readFilters(params: URLSearchParams): StatementFilters {
  return {
    q: params.get('q') || undefined,
    topic: params.get('topic') || undefined,
    status: STATEMENT_STATUSES.find((status) => status === params.get('status')),
    stale: params.get('stale') === 'true' || undefined,
  };
}

/** The lines to take: approved wording with owners, topics and review dates. */
export function StatementsPage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const [q, setQ] = useState(filters.q ?? '');
  const [topic, setTopic] = useState(filters.topic ?? '');
  const list = useStatementList(filters);
  const statements = list.data?.pages.flatMap((page) => page.items) ?? [];

  function apply(next: StatementFilters) {
    const search = new URLSearchParams();
    if (next.q) search.set('q', next.q);
    if (next.topic) search.set('topic', next.topic);
    if (next.status) search.set('status', next.status);
    if (next.stale) search.set('stale', 'true');
    setParams(search);
  }

  function handleSearch() {
    apply({ ...filters, q: q.trim() || undefined, topic: topic.trim() || undefined });
  }

  return (
    <>
      <title>Statement library · Newsdesk</title>
      <h1>Statement library</h1>
      <SearchForm label="Find statements" placeholder="Part of the title" value={q} onChange={setQ} onSubmit={handleSearch}>
      <Field>
        <label htmlFor={`${id}-topic`}>Topic</label>
        <input id={`${id}-topic`} value={topic} onChange={(event) => setTopic(event.currentTarget.value)} />
      </Field>
      <Field>
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={filters.status ?? ''}
          onChange={(event) => apply({ ...filters, status: STATEMENT_STATUSES.find((status) => status === event.currentTarget.value) })}
        >
          <option value="">Any</option>
          {STATEMENT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATEMENT_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </Field>
      <CheckboxField>
        <input id={`${id}-stale`} type="checkbox" checked={!!filters.stale} onChange={(event) => apply({ ...filters, stale: event.currentTarget.checked || undefined })} />
        <label htmlFor={`${id}-stale`}>Only overdue for review</label>
      </CheckboxField>
      </SearchForm>
      <QueryTable
        query={list}
        rows={statements.length}
        loading="Loading statements…"
        failed="Statements could not load."
        empty="No statements match."
        caption="Statements"
        headers={['Statement', 'Topic', 'Status', 'Owner', 'Review']}
      >
        {statements.map((statement) => (
          <TableRow key={statement.id} alert={statement.stale}>
            <th scope="row">
              <CellMain as={Link} to={`/statements/${statement.id}`}>
                {statement.title}
              </CellMain>
              <CellSub>
                {statement.currentVersion ? `Version ${statement.currentVersion.version} in force` : 'No approved version'}
                {statement.pendingVersion ? ` · version ${statement.pendingVersion.version} awaits approval` : ''}
              </CellSub>
            </th>
            <td>{statement.topic ?? '—'}</td>
            <td>
              <StatementStatusBadge status={statement.status} />
            </td>
            <td>{statement.owner?.name ?? '—'}</td>
            <td>
              <ReviewDate statement={statement} />
            </td>
          </TableRow>
        ))}
      </QueryTable>
      <LoadMore pages={list} />
      <NewStatementForm />
    </>
  );
}

function NewStatementForm() {
  const id = useId();
  const navigate = useNavigate();
  const create = useCreateStatement();
  const [draft, setDraft] = useState({ title: '', topic: '', reviewBy: '', body: '' });
  const set = (field: keyof typeof draft) => (event: { currentTarget: { value: string } }) => setDraft({ ...draft, [field]: event.currentTarget.value });
  const fieldError = (field: string) => (create.error instanceof ApiError ? create.error.fieldMessages(field).join(' ') : '');

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { title: draft.title.trim(), body: draft.body, topic: draft.topic.trim() || null, reviewBy: draft.reviewBy || null },
      { onSuccess: (statement) => void navigate(`/statements/${statement.id}`) },
    );
  }

  return (
    <Form card onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>New statement</h2>
      <Muted as="p">Saved as a draft: a manager or admin approves it before anyone can send it.</Muted>
      <Form as="div" columns>
        <StatementTitleTopicFields id={id} draft={draft} set={set} />
        <Field>
          <label htmlFor={`${id}-review`}>Review by</label>
          <input id={`${id}-review`} type="date" value={draft.reviewBy} onChange={set('reviewBy')} />
        </Field>
      </Form>
      <Field>
        <label htmlFor={`${id}-body`}>Text (Markdown)</label>
        <textarea id={`${id}-body`} rows={6} value={draft.body} onChange={set('body')} required maxLength={50_000} />
        {fieldError('body') && <FieldError>{fieldError('body')}</FieldError>}
      </Field>
      <FormError error={create.error} />
      <div>
        <Button variant="primary" type="submit" disabled={create.isPending}>
          Save draft
        </Button>
      </div>
    </Form>
  );
}
