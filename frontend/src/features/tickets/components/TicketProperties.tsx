import {
  REQUEST_TYPES,
  TICKET_OUTCOMES,
  TICKET_PRIORITIES,
  TICKET_STATUS_TRANSITIONS,
  type TicketDetailDto,
  type TicketOutcome,
  type TicketStatus,
  type UserDto,
} from '@newsdesk/shared';
import { useId, useState, type FormEvent, type Ref } from 'react';
import { describeError } from '../../../api/client';
import type { TicketPatch } from '../../../api/tickets';
import { formatDateTime } from '../../../components/RelativeTime';
import { useOfficeTimeZone } from '../../../hooks/useOfficeTimeZone';
import { formatDeadlineClock } from '../deadline';
import type { TicketChange } from '../hooks/useUndoTicketChanges';
import { useUpdateTicket } from '../hooks/useUpdateTicket';
import { fromLocalInput, toLocalInput } from '../local-datetime';
import { REQUEST_TYPE_NAMES, TICKET_OUTCOME_LABELS, TICKET_PRIORITY_LABELS } from '../ticket-labels';
import { TICKET_STATUS_LABELS } from '../ticket-status-labels';

interface TicketPropertiesProps {
  ticket: TicketDetailDto;
  users: UserDto[];
  meId: string;
  closing: boolean;
  onClosingChange: (closing: boolean) => void;
  outcomeRef?: Ref<HTMLSelectElement>;
  /** Told once the ticket is closed, with what an Undo must take back. */
  onClosed?: (closed: TicketChange) => void;
}

/** Assignment, status, priority, deadline, tags, request type, spokesperson and coverage; each change is saved at once. */
export function TicketProperties({ ticket, users, meId, closing, onClosingChange, outcomeRef, onClosed }: TicketPropertiesProps) {
  const id = useId();
  const update = useUpdateTicket();
  const [outcome, setOutcome] = useState<TicketOutcome | ''>(ticket.outcome ?? '');
  const [outcomeNote, setOutcomeNote] = useState('');
  const [deadlineDraft, setDeadlineDraft] = useState<string | null>(null);
  const officeTimeZone = useOfficeTimeZone();
  const [tagDraft, setTagDraft] = useState('');
  const [coverageDraft, setCoverageDraft] = useState<string | null>(null);
  const coverageValue = coverageDraft ?? ticket.coverageUrl ?? '';
  const declining = outcome === 'declined';
  const save = (patch: TicketPatch, onSuccess?: () => void) => update.mutate({ id: ticket.id, patch }, { onSuccess });
  const nextStatuses: readonly TicketStatus[] = TICKET_STATUS_TRANSITIONS[ticket.status];
  const deadlineValue = deadlineDraft ?? toLocalInput(ticket.deadlineAt);
  const suggestion = ticket.suggestedDeadlineAt && ticket.suggestedDeadlineAt !== ticket.deadlineAt ? ticket.suggestedDeadlineAt : null;

  function handleStatus(value: string) {
    const status = nextStatuses.find((candidate) => candidate === value);
    if (!status) return;
    // Closing needs an outcome: ask for it first.
    if (status === 'closed') onClosingChange(true);
    else save({ status });
  }

  function handleClose(event: FormEvent) {
    event.preventDefault();
    if (!outcome || (declining && !outcomeNote.trim())) return;
    const before = ticket;
    const change: TicketPatch = { status: 'closed', outcome, outcomeNote: outcomeNote.trim() || undefined };
    update.mutate(
      { id: ticket.id, patch: change },
      {
        onSuccess: (after) => {
          onClosingChange(false);
          onClosed?.({ before, change, after });
        },
      },
    );
  }

  function handleCoverage(event: FormEvent) {
    event.preventDefault();
    save({ coverageUrl: coverageValue.trim() || null }, () => setCoverageDraft(null));
  }

  function handleDeadline(event: FormEvent) {
    event.preventDefault();
    save({ deadlineAt: fromLocalInput(deadlineValue) }, () => setDeadlineDraft(null));
  }

  function handleTag(event: FormEvent) {
    event.preventDefault();
    const tag = tagDraft.trim().toLowerCase();
    if (!tag) return;
    save({ tags: [...new Set([...ticket.tags, tag])] }, () => setTagDraft(''));
  }

  return (
    <section className="side-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Details</h2>
      <div className="field">
        <label htmlFor={`${id}-assignee`}>Assignee</label>
        <div className="inline-field">
          <select
            id={`${id}-assignee`}
            value={ticket.assignee?.id ?? ''}
            onChange={(event) => save({ assigneeId: event.currentTarget.value || null })}
            disabled={update.isPending}
          >
            <option value="">Unassigned</option>
            {users
              .filter((user) => user.active || user.id === ticket.assignee?.id)
              .map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                  {user.id === meId ? ' (me)' : ''}
                </option>
              ))}
          </select>
          {ticket.assignee?.id !== meId && (
            <button type="button" className="button" onClick={() => save({ assigneeId: meId })} disabled={update.isPending}>
              Assign to me
            </button>
          )}
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={closing ? 'closed' : ticket.status}
          onChange={(event) => handleStatus(event.currentTarget.value)}
          disabled={update.isPending}
        >
          <option value={ticket.status}>{TICKET_STATUS_LABELS[ticket.status]}</option>
          {nextStatuses.map((status) => (
            <option key={status} value={status}>
              {TICKET_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      {ticket.status === 'closed' && ticket.outcome && (
        <p className="muted">
          Outcome: {TICKET_OUTCOME_LABELS[ticket.outcome]}
          {ticket.outcomeNote ? ` (${ticket.outcome === 'declined' ? 'reason: ' : ''}${ticket.outcomeNote})` : ''}
        </p>
      )}
      {closing && (
        <form className="close-form" onSubmit={handleClose} aria-label="Close the inquiry">
          <div className="field">
            <label htmlFor={`${id}-outcome`}>Outcome</label>
            <select
              id={`${id}-outcome`}
              ref={outcomeRef}
              value={outcome}
              required
              onChange={(event) => setOutcome(TICKET_OUTCOMES.find((o) => o === event.currentTarget.value) ?? '')}
            >
              <option value="">Choose…</option>
              {TICKET_OUTCOMES.map((value) => (
                <option key={value} value={value}>
                  {TICKET_OUTCOME_LABELS[value]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-outcome-note`}>{declining ? 'Reason for declining' : 'Note on the outcome (optional)'}</label>
            <input
              id={`${id}-outcome-note`}
              value={outcomeNote}
              onChange={(event) => setOutcomeNote(event.currentTarget.value)}
              maxLength={2000}
              required={declining}
            />
          </div>
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={!outcome || (declining && !outcomeNote.trim()) || update.isPending}>
              Close inquiry
            </button>
            <button type="button" className="button" onClick={() => onClosingChange(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <div className="field">
        <label htmlFor={`${id}-priority`}>Priority</label>
        <select
          id={`${id}-priority`}
          value={ticket.priority}
          onChange={(event) => {
            const priority = TICKET_PRIORITIES.find((p) => p === event.currentTarget.value);
            if (priority) save({ priority });
          }}
          disabled={update.isPending}
        >
          {TICKET_PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {TICKET_PRIORITY_LABELS[priority]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-request-type`}>Request type</label>
        <select
          id={`${id}-request-type`}
          value={ticket.requestType}
          onChange={(event) => {
            const requestType = REQUEST_TYPES.find((type) => type === event.currentTarget.value);
            if (requestType) save({ requestType });
          }}
          disabled={update.isPending}
        >
          {REQUEST_TYPES.map((type) => (
            <option key={type} value={type}>
              {REQUEST_TYPE_NAMES[type]}
            </option>
          ))}
        </select>
      </div>
      <form className="field" onSubmit={handleDeadline}>
        <label htmlFor={`${id}-deadline`}>Deadline</label>
        <div className="inline-field">
          <input
            id={`${id}-deadline`}
            type="datetime-local"
            value={deadlineValue}
            onChange={(event) => setDeadlineDraft(event.currentTarget.value)}
          />
          {deadlineDraft !== null && (
            <button type="submit" className="button" disabled={update.isPending}>
              Save
            </button>
          )}
        </div>
        {suggestion && (
          <div className="suggestion">
            <p>
              {ticket.deadlineAt ? 'A later message asks for a new deadline: ' : 'Detected in the inquiry: '}
              <time dateTime={suggestion} title={formatDateTime(suggestion)}>
                {formatDeadlineClock(suggestion, Date.now(), officeTimeZone)} ({officeTimeZone})
              </time>
            </p>
            <button type="button" className="button" onClick={() => save({ deadlineAt: suggestion })} disabled={update.isPending}>
              {ticket.deadlineAt ? 'Use the new deadline' : 'Confirm detected deadline'}
            </button>
          </div>
        )}
      </form>
      <div className="field">
        <span className="field__label" id={`${id}-tags`}>
          Tags
        </span>
        {ticket.tags.length > 0 ? (
          <ul className="tags" aria-labelledby={`${id}-tags`}>
            {ticket.tags.map((tag) => (
              <li key={tag} className="tag">
                {tag}
                <button
                  type="button"
                  className="tag__remove"
                  aria-label={`Remove tag ${tag}`}
                  onClick={() => save({ tags: ticket.tags.filter((t) => t !== tag) })}
                  disabled={update.isPending}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No tags</p>
        )}
        <form className="inline-field" onSubmit={handleTag}>
          <label htmlFor={`${id}-new-tag`} className="visually-hidden">
            New tag
          </label>
          <input id={`${id}-new-tag`} value={tagDraft} onChange={(event) => setTagDraft(event.currentTarget.value)} placeholder="Add a tag" maxLength={64} />
          <button type="submit" className="button" disabled={!tagDraft.trim() || update.isPending}>
            Add
          </button>
        </form>
      </div>
      <div className="field">
        <label htmlFor={`${id}-spokesperson`}>Spokesperson</label>
        <select
          id={`${id}-spokesperson`}
          value={ticket.spokesperson?.id ?? ''}
          onChange={(event) => save({ spokespersonId: event.currentTarget.value || null })}
          disabled={update.isPending}
          aria-describedby={`${id}-spokesperson-hint`}
        >
          <option value="">None recorded</option>
          {ticket.spokesperson && !users.some((user) => user.id === ticket.spokesperson?.id) && (
            <option value={ticket.spokesperson.id}>{ticket.spokesperson.name}</option>
          )}
          {users
            .filter((user) => user.active || user.id === ticket.spokesperson?.id)
            .map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
        </select>
        <p id={`${id}-spokesperson-hint`} className="field__hint">
          Who spoke for the organisation, if not the assignee.
        </p>
      </div>
      <form className="field" onSubmit={handleCoverage}>
        <label htmlFor={`${id}-coverage`}>Coverage link</label>
        <div className="inline-field">
          <input
            id={`${id}-coverage`}
            type="url"
            inputMode="url"
            placeholder="https://paper.example/story"
            value={coverageValue}
            onChange={(event) => setCoverageDraft(event.currentTarget.value)}
            maxLength={2000}
          />
          {coverageDraft !== null && (
            <button type="submit" className="button" disabled={update.isPending}>
              Save
            </button>
          )}
        </div>
        {ticket.coverageUrl && coverageDraft === null && (
          <a href={ticket.coverageUrl} target="_blank" rel="noopener noreferrer" className="coverage-link">
            Open the published coverage
          </a>
        )}
      </form>
      {update.isError && (
        <p role="alert" className="form-error">
          {describeError(update.error)}
        </p>
      )}
    </section>
  );
}
