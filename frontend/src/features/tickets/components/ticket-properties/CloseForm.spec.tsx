import type { TicketDetailDto, UpdateTicketRequest } from '@newsdesk/shared';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildTicketDetail } from '../../../../test/factories';
import type { TicketChange } from '../../hooks/useUndoTicketChanges';
import { CloseForm, useCloseDraft } from './CloseForm';

function Harness({ ticket, saves, closed }: { ticket: TicketDetailDto; saves: UpdateTicketRequest[]; closed: TicketChange[] }) {
  const draft = useCloseDraft(ticket.outcome);
  return (
    <CloseForm
      id="close"
      ticket={ticket}
      saving={false}
      draft={draft}
      save={(patch, onSaved) => {
        saves.push(patch);
        onSaved?.({ ...ticket, status: 'closed' });
      }}
      onCancel={() => undefined}
      onClosed={(change) => closed.push(change)}
    />
  );
}

function renderForm() {
  const ticket = buildTicketDetail({ status: 'open' });
  const saves: UpdateTicketRequest[] = [];
  const closed: TicketChange[] = [];
  render(<Harness ticket={ticket} saves={saves} closed={closed} />);
  return { ticket, saves, closed };
}

describe('CloseForm', () => {
  it('needs an outcome before the inquiry can be closed', async () => {
    renderForm();
    expect(screen.getByRole('button', { name: 'Close inquiry' })).toBeDisabled();
    await userEvent.selectOptions(screen.getByLabelText('Outcome'), 'statement_given');
    expect(screen.getByRole('button', { name: 'Close inquiry' })).toBeEnabled();
  });

  it('declining needs a reason, which is saved trimmed with the outcome', async () => {
    const { ticket, saves, closed } = renderForm();
    await userEvent.selectOptions(screen.getByLabelText('Outcome'), 'declined');
    expect(screen.getByRole('button', { name: 'Close inquiry' })).toBeDisabled();
    await userEvent.type(screen.getByLabelText('Reason for declining'), '  Legal matter  ');
    await userEvent.click(screen.getByRole('button', { name: 'Close inquiry' }));
    const change = { status: 'closed', outcome: 'declined', outcomeNote: 'Legal matter' };
    expect(saves).toEqual([change]);
    // The caller gets what an Undo must take back: the ticket before, the change and the ticket after.
    expect(closed).toEqual([{ before: ticket, change, after: { ...ticket, status: 'closed' } }]);
  });
});
