import { render, screen } from '@testing-library/react';
import { DeadlineCountdown } from './DeadlineCountdown';

const now = Date.parse('2025-03-10T12:00:00.000Z');
const at = (offsetMinutes: number) => new Date(now + offsetMinutes * 60_000).toISOString();

describe('DeadlineCountdown', () => {
  it.each([
    ['overdue', at(-5), 'Overdue by 5 min', 'deadline--overdue'],
    ['under an hour', at(45), 'in 45 min', 'deadline--imminent'],
    ['under four hours', at(150), 'in 2 h 30 min', 'deadline--soon'],
    ['later', at(26 * 60), 'in 1 d 2 h', 'deadline--later'],
  ])('shows a deadline that is %s with its colour class', (_case, deadlineAt, label, colourClass) => {
    render(<DeadlineCountdown deadlineAt={deadlineAt} now={now} />);

    const countdown = screen.getByText(label);
    expect(countdown).toHaveClass('deadline', colourClass);
    expect(countdown.tagName).toBe('TIME');
    expect(countdown).toHaveAttribute('datetime', deadlineAt);
  });

  it('says so when there is no deadline', () => {
    render(<DeadlineCountdown deadlineAt={null} now={now} />);

    expect(screen.getByText('No deadline')).toHaveClass('deadline--none');
  });
});
