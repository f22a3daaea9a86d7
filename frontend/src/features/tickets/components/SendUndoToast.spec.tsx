import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SendUndoToast } from './SendUndoToast';

describe('SendUndoToast', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('counts down the undo window on the given clock, then expires and disables Undo', () => {
    let now = Date.parse('2026-12-08T09:00:00Z');
    const onExpire = jest.fn();
    render(<SendUndoToast dueAt="2026-12-08T09:00:10Z" onUndo={jest.fn()} onExpire={onExpire} undoing={false} now={() => now} />);
    expect(screen.getByRole('status')).toHaveTextContent('Sending in 10 s');

    now += 4_000;
    act(() => jest.advanceTimersByTime(250));
    expect(screen.getByRole('status')).toHaveTextContent('Sending in 6 s');
    expect(onExpire).not.toHaveBeenCalled();

    now += 6_000;
    act(() => jest.advanceTimersByTime(250));
    expect(onExpire).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Undo' })).toBeDisabled();
  });

  it('calls onUndo from its button, and shows the cancellation in progress', async () => {
    const user = userEvent.setup({ advanceTimers: (ms) => jest.advanceTimersByTime(ms) });
    const now = Date.parse('2026-12-08T09:00:00Z');
    const onUndo = jest.fn();
    const { rerender } = render(<SendUndoToast dueAt="2026-12-08T09:00:10Z" onUndo={onUndo} onExpire={jest.fn()} undoing={false} now={() => now} />);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(onUndo).toHaveBeenCalledTimes(1);
    rerender(<SendUndoToast dueAt="2026-12-08T09:00:10Z" onUndo={onUndo} onExpire={jest.fn()} undoing now={() => now} />);
    expect(screen.getByRole('status')).toHaveTextContent('Cancelling…');
    expect(screen.getByRole('button', { name: 'Undo' })).toBeDisabled();
  });
});
