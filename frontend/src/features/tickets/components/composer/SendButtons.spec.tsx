import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SendButtons } from './SendButtons';
import type { SendStatus } from './compose-mode';

function renderButtons(props: Partial<Parameters<typeof SendButtons>[0]> = {}) {
  const chosen: SendStatus[] = [];
  render(
    <form onSubmit={(event) => event.preventDefault()}>
      <SendButtons mode="reply" forApproval={false} scheduling={false} pending={false} blocked={false} onChoose={(status) => chosen.push(status)} {...props} />
    </form>,
  );
  return chosen;
}

const names = () => screen.getAllByRole('button').map((button) => button.textContent);

describe('SendButtons', () => {
  it('offers send, send and mark pending, send and mark resolved, and says which one was pressed', async () => {
    const chosen = renderButtons();
    expect(names()).toEqual(['Send', 'Send and mark pending', 'Send and mark resolved']);
    await userEvent.click(screen.getByRole('button', { name: 'Send and mark resolved' }));
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(chosen).toEqual(['resolved', '']);
  });

  it('for approval there is one button', () => {
    renderButtons({ forApproval: true });
    expect(names()).toEqual(['Send for approval']);
  });

  it('schedules when sending later', () => {
    renderButtons({ scheduling: true });
    expect(names()).toEqual(['Schedule', 'Send and mark pending', 'Send and mark resolved']);
  });

  it('shows the send in progress and blocks every button while it runs', () => {
    renderButtons({ pending: true });
    expect(names()[0]).toBe('Sending…');
    for (const button of screen.getAllByRole('button')) expect(button).toBeDisabled();
  });

  it('blocks a reply without a recipient or during an upload', () => {
    renderButtons({ blocked: true });
    for (const button of screen.getAllByRole('button')) expect(button).toBeDisabled();
  });

  it('a note has one button, which is not blocked by a missing recipient', () => {
    renderButtons({ mode: 'note', blocked: true });
    expect(screen.getByRole('button', { name: 'Add note' })).toBeEnabled();
    renderButtons({ mode: 'note', pending: true });
    expect(screen.getByRole('button', { name: 'Saving…' })).toBeDisabled();
  });
});
