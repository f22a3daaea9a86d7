import { render, screen } from '@testing-library/react';
import { TargetBadge } from './TargetBadge';

const now = Date.parse('2026-03-30T09:00:00.000Z');
const at = (offsetMinutes: number) => new Date(now + offsetMinutes * 60_000).toISOString();
const waiting = (minutes: number, dueInMinutes: number) => ({ responseTarget: { minutes, dueAt: at(dueInMinutes) }, firstResponseAt: null });

describe('TargetBadge', () => {
  it('counts down quietly while there is time', () => {
    render(<TargetBadge ticket={waiting(30, 25)} now={now} />);
    const badge = screen.getByText('Target in 25 min');
    expect(badge).toHaveClass('target', 'target--ahead');
    expect(badge).toHaveAttribute('datetime', at(25));
    expect(badge).toHaveAttribute('title', 'First response within 30 min of office time');
  });

  it('turns amber within half the target, at least 15 and at most 60 minutes', () => {
    const { rerender } = render(<TargetBadge ticket={waiting(30, 9)} now={now} />);
    expect(screen.getByText('Target in 9 min')).toHaveClass('target--near');
    rerender(<TargetBadge ticket={waiting(30, 12)} now={now} />);
    expect(screen.getByText('Target in 12 min')).toHaveClass('target--near');
    rerender(<TargetBadge ticket={waiting(30, 16)} now={now} />);
    expect(screen.getByText('Target in 16 min')).toHaveClass('target--ahead');
    rerender(<TargetBadge ticket={waiting(240, 59)} now={now} />);
    expect(screen.getByText('Target in 59 min')).toHaveClass('target--near');
    rerender(<TargetBadge ticket={waiting(480, 90)} now={now} />);
    expect(screen.getByText('Target in 1 h 30 min')).toHaveClass('target--ahead');
  });

  it('says a missed target in words with an icon, not colour alone', () => {
    const { container } = render(<TargetBadge ticket={waiting(30, -8)} now={now} />);
    const badge = container.querySelector('.target--missed')!;
    expect(badge).toHaveTextContent('⚠ Target missed 8 min');
    expect(badge.querySelector('.target__icon')).toHaveAttribute('aria-hidden', 'true');
  });

  it('leaves answered tickets out of the queue and shows their outcome on the ticket', () => {
    const met = { responseTarget: { minutes: 30, dueAt: at(-10) }, firstResponseAt: at(-12) };
    const late = { responseTarget: { minutes: 30, dueAt: at(-90) }, firstResponseAt: at(-15) };
    const { container, rerender } = render(<TargetBadge ticket={met} now={now} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<TargetBadge ticket={met} now={now} showOutcome />);
    expect(screen.getByText('Target met')).toHaveClass('target--met');
    rerender(<TargetBadge ticket={late} now={now} showOutcome />);
    expect(screen.getByText('Target missed by 1 h 15 min', { exact: false })).toHaveClass('target--late');
  });

  it('shows nothing for a ticket without a target', () => {
    const { container } = render(<TargetBadge ticket={{ responseTarget: null, firstResponseAt: null }} now={now} />);
    expect(container).toBeEmptyDOMElement();
  });
});
