import { BadRequestException } from '@nestjs/common';
import { TICKET_STATUSES, type TicketStatus } from '@newsdesk/shared';
import { applyStatus, canTransition } from './ticket-status.js';
import { Ticket } from './ticket.entity.js';

function ticket(status: TicketStatus, patch: Partial<Ticket> = {}): Ticket {
  return Object.assign(new Ticket(), { status, outcome: null, resolvedAt: null, closedAt: null, reopenCount: 0, ...patch });
}

const NOW = new Date('2026-03-01T10:00:00Z');

describe('ticket status transitions', () => {
  it.each([
    ['new', 'open'],
    ['new', 'pending'],
    ['open', 'pending'],
    ['pending', 'open'],
    ['open', 'resolved'],
    ['resolved', 'open'],
    ['resolved', 'closed'],
    ['closed', 'open'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ['open', 'new'],
    ['pending', 'new'],
    ['resolved', 'pending'],
    ['closed', 'resolved'],
    ['closed', 'pending'],
    ['closed', 'new'],
  ] as const)('refuses %s → %s with a message naming the allowed targets', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => applyStatus(ticket(from, { outcome: 'declined' }), to, NOW)).toThrow(BadRequestException);
    expect(() => applyStatus(ticket(from, { outcome: 'declined' }), to, NOW)).toThrow(`A ${from} ticket cannot become ${to}`);
  });

  it('never lets a ticket go back to new', () => {
    for (const from of TICKET_STATUSES.filter((status) => status !== 'new')) {
      expect(canTransition(from, 'new')).toBe(false);
    }
  });

  it('stamps resolvedAt when resolving', () => {
    const resolved = ticket('open');
    applyStatus(resolved, 'resolved', NOW);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: NOW, closedAt: null });
  });

  it('requires an outcome to close, and stamps closedAt (and resolvedAt when skipped)', () => {
    expect(() => applyStatus(ticket('open'), 'closed', NOW)).toThrow('Choose an outcome before closing the ticket');
    const closed = ticket('open', { outcome: 'statement_given' });
    applyStatus(closed, 'closed', NOW);
    expect(closed).toMatchObject({ status: 'closed', closedAt: NOW, resolvedAt: NOW });
  });

  it('counts a reopen and clears the resolution timestamps', () => {
    const earlier = new Date('2026-02-01T00:00:00Z');
    const reopened = ticket('closed', { outcome: 'declined', resolvedAt: earlier, closedAt: earlier, reopenCount: 1 });
    applyStatus(reopened, 'open', NOW);
    expect(reopened).toMatchObject({ status: 'open', reopenCount: 2, resolvedAt: null, closedAt: null });
  });

  it('keeps the first resolution time when a resolved ticket is closed', () => {
    const earlier = new Date('2026-02-01T00:00:00Z');
    const done = ticket('resolved', { outcome: 'referred', resolvedAt: earlier });
    applyStatus(done, 'closed', NOW);
    expect(done).toMatchObject({ status: 'closed', resolvedAt: earlier, closedAt: NOW, reopenCount: 0 });
  });
});
