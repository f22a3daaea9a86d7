import { TICKET_STATUSES } from '@newsdesk/shared';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import type { TicketQueueFilters } from '../../../api/tickets';
import { parseTicketStatus } from '../queue-filters';
import { TICKET_STATUS_LABELS } from '../ticket-status-labels';

interface QueueFiltersProps {
  filters: TicketQueueFilters;
  onChange: (filters: TicketQueueFilters) => void;
}

export function QueueFilters({ filters, onChange }: QueueFiltersProps) {
  const id = useId();
  const [draft, setDraft] = useState(filters.q ?? '');
  const [appliedQ, setAppliedQ] = useState(filters.q);
  // Back and forward change the applied search under us; show it rather than a stale draft.
  if (filters.q !== appliedQ) {
    setAppliedQ(filters.q);
    setDraft(filters.q ?? '');
  }

  function handleStatusChange(event: ChangeEvent<HTMLSelectElement>) {
    onChange({ ...filters, status: parseTicketStatus(event.currentTarget.value) });
  }

  function handleSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = draft.trim();
    onChange({ ...filters, q: q || undefined });
  }

  return (
    <form role="search" aria-label="Filter inquiries" className="queue-filters" onSubmit={handleSearch}>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={filters.status ?? ''} onChange={handleStatusChange}>
          <option value="">All statuses</option>
          {TICKET_STATUSES.map((status) => (
            <option key={status} value={status}>
              {TICKET_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="field queue-filters__search">
        <label htmlFor={`${id}-q`}>Search</label>
        <input
          id={`${id}-q`}
          name="q"
          type="search"
          value={draft}
          onChange={(event) => setDraft(event.currentTarget.value)}
          placeholder="Subject, reference, journalist…"
        />
      </div>
      <button type="submit" className="button">
        Search
      </button>
    </form>
  );
}
