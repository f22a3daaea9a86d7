import { TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_SORTS, TICKET_STATUSES } from '@newsdesk/shared';
import { useId, useState, type FormEvent, type Ref } from 'react';
import type { TicketQueueFilters } from '../../../api/tickets';
import { useOutlets } from '../../contacts/hooks/useOutlets';
import { ACTIVE_STATUSES, parseTicketStatus } from '../queue-filters';
import { TICKET_CHANNEL_LABELS, TICKET_PRIORITY_LABELS, TICKET_SORT_LABELS } from '../ticket-labels';
import { TICKET_STATUS_LABELS } from '../ticket-status-labels';
import { FilterBar, FilterBarSearch } from '../../../components/FilterBar';
import { SelectField } from '../../../components/SelectField';
import { CheckboxField, Field } from '../../../components/Field';
import { Button } from '../../../components/Button';
import styles from './QueueFilters.module.css';
import { OutletOptions } from '../../contacts/components/OutletOptions';

interface QueueFiltersProps {
  filters: TicketQueueFilters;
  onChange: (filters: TicketQueueFilters) => void;
  searchRef?: Ref<HTMLInputElement>;
}

function statusChoice(status: TicketQueueFilters['status']): string {
  if (!status?.length) return 'all';
  if (status.length === ACTIVE_STATUSES.length && ACTIVE_STATUSES.every((s) => status.includes(s))) return '';
  return status.length === 1 ? status[0] : '';
}

/** Filters apply as soon as they change; the search and tag boxes on Enter. */
export function QueueFilters({ filters, onChange, searchRef }: QueueFiltersProps) {
  const id = useId();
  const outlets = useOutlets();
  const [draft, setDraft] = useState({ q: filters.q ?? '', tag: filters.tag ?? '' });
  const [applied, setApplied] = useState({ q: filters.q, tag: filters.tag });
  // Back and forward (or a saved view) change the applied text under us; show it rather than a stale draft.
  if (filters.q !== applied.q || filters.tag !== applied.tag) {
    setApplied({ q: filters.q, tag: filters.tag });
    setDraft({ q: filters.q ?? '', tag: filters.tag ?? '' });
  }

  const change = (patch: Partial<TicketQueueFilters>) => onChange({ ...filters, ...patch });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    change({ q: draft.q.trim() || undefined, tag: draft.tag.trim().toLowerCase() || undefined });
  }

  const outletChoices = outlets.data?.items ?? [];
  const hasOutletFilter = outletChoices.length > 0 || filters.outlet !== undefined;

  return (
    <FilterBar role="search" label="Filter inquiries" onSubmit={handleSubmit}>
      <FilterBarSearch>
        <label htmlFor={`${id}-q`}>Search</label>
        <input
          id={`${id}-q`}
          ref={searchRef}
          name="q"
          type="search"
          value={draft.q}
          onChange={(event) => setDraft({ ...draft, q: event.currentTarget.value })}
          placeholder="Reference, name, address or words…"
          aria-keyshortcuts="/"
        />
      </FilterBarSearch>
      <Field>
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={statusChoice(filters.status)}
          onChange={(event) => {
            const value = event.currentTarget.value;
            const single = parseTicketStatus(value);
            change({ status: value === 'all' ? undefined : single ? [single] : ACTIVE_STATUSES });
          }}
        >
          <option value="">Active</option>
          <option value="all">All statuses</option>
          {TICKET_STATUSES.map((status) => (
            <option key={status} value={status}>
              {TICKET_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </Field>
      <Field>
        <label htmlFor={`${id}-assignee`}>Assignee</label>
        <select
          id={`${id}-assignee`}
          value={filters.assignee === 'me' || filters.assignee === 'none' ? filters.assignee : ''}
          onChange={(event) => change({ assignee: (event.currentTarget.value || undefined) as TicketQueueFilters['assignee'] })}
        >
          <option value="">Anyone</option>
          <option value="me">Mine</option>
          <option value="none">Unassigned</option>
        </select>
      </Field>
      <SelectField label="Priority" value={filters.priority} values={TICKET_PRIORITIES} emptyLabel="Any priority" optionLabel={(priority) => TICKET_PRIORITY_LABELS[priority]} onChange={(priority) => change({ priority: priority || undefined })} />
      <SelectField label="Channel" value={filters.channel} values={TICKET_CHANNELS} emptyLabel="Any channel" optionLabel={(channel) => TICKET_CHANNEL_LABELS[channel]} onChange={(channel) => change({ channel: channel || undefined })} />
      {hasOutletFilter && (
        <Field>
          <label htmlFor={`${id}-outlet`}>Outlet</label>
          <select id={`${id}-outlet`} value={filters.outlet ?? ''} onChange={(event) => change({ outlet: event.currentTarget.value || undefined })}>
            <option value="">Any outlet</option>
            {filters.outlet && !outletChoices.some((outlet) => outlet.id === filters.outlet) && (
              <option value={filters.outlet}>The chosen outlet</option>
            )}
            <OutletOptions outlets={outletChoices} />
          </select>
        </Field>
      )}
      <Field className={styles.queueFiltersTag}>
        <label htmlFor={`${id}-tag`}>Tag</label>
        <input
          id={`${id}-tag`}
          name="tag"
          value={draft.tag}
          onChange={(event) => setDraft({ ...draft, tag: event.currentTarget.value })}
          placeholder="e.g. budget"
        />
      </Field>
      <SelectField label="Sort" value={filters.sort ?? 'deadline'} values={TICKET_SORTS} optionLabel={(sort) => TICKET_SORT_LABELS[sort]} onChange={(sort) => change({ sort: sort || 'deadline' })} />
      <CheckboxField>
        <input
          id={`${id}-overdue`}
          type="checkbox"
          checked={filters.overdue === true}
          onChange={(event) => change({ overdue: event.currentTarget.checked || undefined })}
        />
        <label htmlFor={`${id}-overdue`}>Overdue only</label>
      </CheckboxField>
      <Button type="submit">
        Search
      </Button>
    </FilterBar>
  );
}
