import { render, screen } from '@testing-library/react';
import { DeadlineCountdown } from './DeadlineCountdown';

const now = Date.parse('2025-03-10T12:00:00.000Z');
const at = (offsetMinutes: number) => new Date(now + offsetMinutes * 60_000).toISOString();

describe('DeadlineCountdown', () => {
  it.each([
    ['overdue', at(-5), 'Overdue 5 min', 'deadline--overdue'],
    ['under an hour', at(45), 'in 45 min', 'deadline--imminent'],
    ['under four hours', at(150), 'in 2 h 30 min', 'deadline--soon'],
    ['later', at(26 * 60), 'in 1 d 2 h', 'deadline--later'],
  ])('shows a deadline that is %s with its colour class', (_case, deadlineAt, label, colourClass) => {
    render(<DeadlineCountdown deadlineAt={deadlineAt} now={now} />);

    const countdown = screen.getByText(label, { exact: false });
    expect(countdown).toHaveClass('deadline', colourClass);
    expect(countdown.tagName).toBe('TIME');
    expect(countdown).toHaveAttribute('datetime', deadlineAt);
    expect(countdown).toHaveTextContent(label);
  });

  it('says so when there is no deadline', () => {
    render(<DeadlineCountdown deadlineAt={null} now={now} />);

    expect(screen.getByText('No deadline')).toHaveClass('deadline--none');
  });

  it("shows the clock time in the office's zone above how long is left", () => {
    // 16:00 in Paris (UTC+1 in March) is 15:00 UTC: 3 hours from now.
    render(<DeadlineCountdown deadlineAt="2025-03-10T15:00:00.000Z" now={now} timeZone="Europe/Paris" />);

    expect(screen.getByText('Today 16:00').tagName).toBe('TIME');
    expect(screen.getByText('in 3 h')).toHaveClass('deadline--soon');
    expect(screen.queryByText('Detected')).not.toBeInTheDocument();
  });

  it('makes overdue unmistakable: the word, the time past and an icon, not colour alone', () => {
    const { container } = render(<DeadlineCountdown deadlineAt={at(-35)} now={now} timeZone="Europe/London" />);

    expect(screen.getByText('Today 11:25')).toBeInTheDocument();
    const overdue = container.querySelector('.deadline--overdue')!;
    expect(overdue).toHaveTextContent('⚠ Overdue 35 min');
    expect(overdue.querySelector('.deadline__icon')).toHaveAttribute('aria-hidden', 'true');
  });

  it('marks a deadline detected in the mail until someone confirms it', () => {
    render(<DeadlineCountdown deadlineAt="2025-03-11T09:30:00.000Z" now={now} timeZone="Europe/London" detected />);

    expect(screen.getByText('Tomorrow 09:30')).toBeInTheDocument();
    expect(screen.getByText('in 21 h 30 min')).toBeInTheDocument();
    expect(screen.getByText('Detected')).toHaveAttribute('title', expect.stringContaining('confirm'));
  });
});
