import type { EventType, TicketEventDto } from '@newsdesk/shared';
import { describeEvent } from './ticket-events';

const event = (type: EventType, after: Record<string, unknown> | null = null, before: Record<string, unknown> | null = null): TicketEventDto => ({
  id: '1',
  type,
  actor: null,
  before,
  after,
  createdAt: '2025-01-01T09:00:00.000Z',
});
const names = (id: string) => (id === 'u-1' ? 'Sam Press' : undefined);

describe('describeEvent for press-office changes', () => {
  it.each([
    ['story.ticket_added', event('story.ticket_added', { storyId: 's', title: 'Riverside fire' }), 'added it to the story “Riverside fire”'],
    ['story.ticket_removed', event('story.ticket_removed', null, { storyId: 's', title: 'Riverside fire' }), 'took it out of the story “Riverside fire”'],
    ['statement.delivered', event('statement.delivered', { version: 3 }), 'sent a library statement (version 3)'],
    ['approval.requested', event('approval.requested', { reason: 'every statement needs approval' }), 'held a reply for approval (every statement needs approval)'],
    ['approval.approved', event('approval.approved', { edited: true, comment: null }), 'approved the held reply with edits'],
    ['approval.rejected', event('approval.rejected', { comment: 'Too strong' }), 'rejected the held reply: Too strong'],
    ['ticket.updated', event('ticket.updated', { spokespersonId: 'u-1', coverageUrl: 'https://paper.example/a' }, { spokespersonId: null, coverageUrl: null }), 'recorded Sam Press as the spokesperson; linked the published coverage'],
    ['reply.sent by a mail server', event('reply.sent', { response: '250 ok', via: 'smtp' }), 'A mail server accepted the reply'],
    ['reply.sent to the local outbox', event('reply.sent', { response: 'written to outbox/x.eml', via: 'outbox' }), 'The reply waits in the local outbox (no mail server configured)'],
    ['reply.sent to the outbox before routes were recorded', event('reply.sent', { response: 'written to outbox/x.eml' }), 'The reply waits in the local outbox (no mail server configured)'],
  ])('describes %s', (_type, given, sentence) => {
    expect(describeEvent(given, names).join('; ')).toBe(sentence);
  });
});
