import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { UndoToast, type UndoToastContent } from './UndoToast';

function Harness({ initial, durationMs }: { initial: UndoToastContent; durationMs?: number }) {
  const [toast, setToast] = useState<UndoToastContent | null>(initial);
  return <UndoToast toast={toast} onDismiss={() => setToast(null)} durationMs={durationMs} />;
}

describe('UndoToast', () => {
  afterEach(() => jest.useRealTimers());

  it('says what happened and undoes it, then goes', async () => {
    const onUndo = jest.fn(() => Promise.resolve());
    render(<Harness initial={{ message: 'ND-1001 assigned to you.', onUndo }} />);

    expect(screen.getByRole('status')).toHaveTextContent('ND-1001 assigned to you.');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Undo' })));

    expect(onUndo).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('ND-1001 assigned to you.')).not.toBeInTheDocument();
  });

  it('keeps the toast and says so when the undo fails', async () => {
    render(<Harness initial={{ message: 'ND-1 closed.', onUndo: () => Promise.reject(new Error('Ticket is locked')) }} />);

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Undo' })));

    expect(screen.getByText('ND-1 closed.')).toBeInTheDocument();
    expect(screen.getByText('Undo failed: Ticket is locked')).toBeInTheDocument();
  });

  it('goes by itself after its time, but not while the pointer is on it', () => {
    jest.useFakeTimers();
    render(<Harness initial={{ message: 'ND-2 closed.', onUndo: () => undefined }} durationMs={5_000} />);

    fireEvent.mouseEnter(screen.getByText('ND-2 closed.').parentElement!);
    act(() => jest.advanceTimersByTime(6_000));
    expect(screen.getByText('ND-2 closed.')).toBeInTheDocument();

    fireEvent.mouseLeave(screen.getByText('ND-2 closed.').parentElement!);
    act(() => jest.advanceTimersByTime(4_999));
    expect(screen.getByText('ND-2 closed.')).toBeInTheDocument();
    act(() => jest.advanceTimersByTime(1));
    expect(screen.queryByText('ND-2 closed.')).not.toBeInTheDocument();
  });

  it('shows a plain notice without an undo button when there is nothing to undo', () => {
    render(<Harness initial={{ message: 'Search focused.' }} />);

    expect(screen.getByText('Search focused.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
  });
});
