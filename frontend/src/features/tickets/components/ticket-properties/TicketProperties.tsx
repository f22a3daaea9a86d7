import type { TicketDetailDto, UserDto } from '@newsdesk/shared';
import { useId, type Ref } from 'react';
import type { TicketChange } from '../../hooks/useUndoTicketChanges';
import { useUpdateTicket } from '../../hooks/useUpdateTicket';
import { AssigneeField } from './AssigneeField';
import { PriorityField, RequestTypeField } from './ChoiceFields';
import { CloseForm, useCloseDraft } from './CloseForm';
import { CoverageField } from './CoverageField';
import { DeadlineField } from './DeadlineField';
import type { SaveTicket } from './property-save';
import { SpokespersonField } from './SpokespersonField';
import { StatusField } from './StatusField';
import { TagsField } from './TagsField';
import { SidePanel } from '../../../../components/SidePanel';
import { FormError } from '../../../../components/FormError';

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
  const closeDraft = useCloseDraft(ticket.outcome);
  const save: SaveTicket = (patch, onSaved) => update.mutate({ id: ticket.id, patch }, { onSuccess: onSaved });
  const field = { ticket, save, saving: update.isPending };

  return (
    <SidePanel id={id} title="Details">
      <AssigneeField id={`${id}-assignee`} {...field} users={users} meId={meId} />
      <StatusField id={`${id}-status`} {...field} closing={closing} onClosingChange={onClosingChange} />
      {closing && (
        <CloseForm
          id={id}
          {...field}
          draft={closeDraft}
          outcomeRef={outcomeRef}
          onCancel={() => onClosingChange(false)}
          onClosed={(closed) => {
            onClosingChange(false);
            onClosed?.(closed);
          }}
        />
      )}
      <PriorityField id={`${id}-priority`} {...field} />
      <RequestTypeField id={`${id}-request-type`} {...field} />
      <DeadlineField id={`${id}-deadline`} {...field} />
      <TagsField id={`${id}-tags`} {...field} />
      <SpokespersonField id={`${id}-spokesperson`} {...field} users={users} />
      <CoverageField id={`${id}-coverage`} {...field} />
      <FormError error={update.error} />
    </SidePanel>
  );
}
