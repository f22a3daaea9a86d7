import type { SessionDto, TicketSummaryDto, UserDto } from '@newsdesk/shared';

let sequence = 0;
const next = () => ++sequence;

export function buildUser(overrides: Partial<UserDto> = {}): UserDto {
  const n = next();
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    email: `agent${n}@press.example`,
    name: `Agent ${n}`,
    role: 'agent',
    active: true,
    createdAt: '2025-01-01T09:00:00.000Z',
    ...overrides,
  };
}

export function buildSession(overrides: Partial<SessionDto> = {}): SessionDto {
  return {
    user: buildUser(),
    csrfToken: `csrf-${next()}`,
    expiresAt: '2099-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function buildTicket(overrides: Partial<TicketSummaryDto> = {}): TicketSummaryDto {
  const n = next();
  return {
    id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    reference: `ND-${1000 + n}`,
    subject: `Inquiry ${n}`,
    status: 'new',
    priority: 'normal',
    channel: 'email',
    requestType: 'comment',
    tags: [],
    deadlineAt: null,
    suggestedDeadlineAt: null,
    assignee: null,
    journalist: { id: `j-${n}`, name: `Journalist ${n}`, email: `reporter${n}@paper.example` },
    outlet: { id: `o-${n}`, name: `Outlet ${n}` },
    outcome: null,
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    lastActivityAt: '2025-01-01T09:00:00.000Z',
    createdAt: '2025-01-01T09:00:00.000Z',
    updatedAt: '2025-01-01T09:00:00.000Z',
    ...overrides,
  };
}
