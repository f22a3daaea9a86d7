import type { ApprovalDto, MessageDto, SessionDto, TicketDetailDto, TicketQueueItemDto, TicketSummaryDto, UserDto } from '@newsdesk/shared';

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
    canApprove: false,
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

/** A queue row exactly as `GET /api/tickets` answers it: no field of the whole ticket. */
export function buildQueueItem(overrides: Partial<TicketQueueItemDto> = {}): TicketQueueItemDto {
  const n = next();
  return {
    id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    reference: `ND-${1000 + n}`,
    subject: `Inquiry ${n}`,
    status: 'new',
    priority: 'normal',
    tags: [],
    deadlineAt: null,
    effectiveDeadlineAt: null,
    deadlineSource: null,
    unread: false,
    repliedSinceAnswer: false,
    approvalPending: false,
    story: null,
    assignee: null,
    journalist: { id: `j-${n}`, name: `Journalist ${n}`, email: `reporter${n}@paper.example` },
    outlet: { id: `o-${n}`, name: `Outlet ${n}` },
    outcome: null,
    firstResponseAt: null,
    responseTarget: null,
    lastActivityAt: '2025-01-01T09:00:00.000Z',
    ...overrides,
  };
}

export function buildTicket(overrides: Partial<TicketSummaryDto> = {}): TicketSummaryDto {
  return {
    ...buildQueueItem(),
    channel: 'email',
    requestType: 'comment',
    suggestedDeadlineAt: null,
    resolvedAt: null,
    closedAt: null,
    createdAt: '2025-01-01T09:00:00.000Z',
    updatedAt: '2025-01-01T09:00:00.000Z',
    ...overrides,
  };
}

export function buildMessage(overrides: Partial<MessageDto> = {}): MessageDto {
  const n = next();
  return {
    id: `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    kind: 'inbound',
    from: { name: 'Maria Lopez', address: 'maria@paper.example' },
    to: [{ name: null, address: 'news@press.example' }],
    cc: [],
    subject: `Message ${n}`,
    text: `Text of message ${n}`,
    html: null,
    messageId: `m${n}@paper.example`,
    inReplyTo: null,
    author: null,
    attachments: [],
    flags: [],
    newText: null,
    remoteImages: 0,
    senderAuth: null,
    senderSource: null,
    otherFrom: [],
    delivery: null,
    approval: null,
    createdAt: '2025-01-01T09:00:00.000Z',
    ...overrides,
  };
}

export function buildTicketDetail(overrides: Partial<TicketDetailDto> = {}): TicketDetailDto {
  return { ...buildTicket(), outcomeNote: null, coverageUrl: null, spokesperson: null, recentContacts: [], possiblySameAs: null, messages: [], events: [], ...overrides };
}

export function buildApproval(overrides: Partial<ApprovalDto> = {}): ApprovalDto {
  const n = next();
  return {
    id: `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    status: 'pending',
    reason: 'every statement needs approval',
    ticket: { id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`, reference: `ND-${1000 + n}`, subject: `Inquiry ${n}` },
    messageId: `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    to: [{ name: 'Maria Lopez', address: 'maria@paper.example' }],
    requestedBy: { id: 'author-1', name: 'Ana Agent' },
    decidedBy: null,
    decidedAt: null,
    comment: null,
    versions: [{ version: 1, body: `Reply text ${n}`, html: `<p>Reply text ${n}</p>`, editedBy: { id: 'author-1', name: 'Ana Agent' }, createdAt: '2025-01-01T09:00:00.000Z' }],
    createdAt: '2025-01-01T09:00:00.000Z',
    ...overrides,
  };
}
