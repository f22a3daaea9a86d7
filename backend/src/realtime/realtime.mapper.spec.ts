import { parseTicketEventNotices } from './realtime.mapper.js';

const fields = (type: unknown, id = '42') => ({ id, ticketId: '6f1c2d3e-0000-4000-8000-000000000000', reference: 'ND-1', type, actorId: null, at: '2026-03-01T10:00:00.000Z' });
const notice = (type: unknown) => JSON.stringify(fields(type));

describe('parseTicketEventNotices', () => {
  it('reads a notice of a listed event type', () => {
    expect(parseTicketEventNotices(notice('note.added'))).toEqual([
      {
        id: '42',
        ticketId: '6f1c2d3e-0000-4000-8000-000000000000',
        reference: 'ND-1',
        type: 'note.added',
        actorId: null,
        at: '2026-03-01T10:00:00.000Z',
      },
    ]);
  });

  it("reads a statement's array of notices in order", () => {
    const payload = JSON.stringify([fields('ticket.created', '7'), fields('acknowledgement.queued', '8')]);
    expect(parseTicketEventNotices(payload).map((n) => [n.id, n.type])).toEqual([
      ['7', 'ticket.created'],
      ['8', 'acknowledgement.queued'],
    ]);
  });

  it('drops a hand-made NOTIFY whose type is not an event type, alone or inside an array', () => {
    for (const type of ['ticket.exploded', '', 42, null, '<script>']) expect(parseTicketEventNotices(notice(type))).toEqual([]);
    expect(parseTicketEventNotices(JSON.stringify([fields('ticket.exploded'), fields('note.added', '9'), null, 'x'])).map((n) => n.id)).toEqual(['9']);
    expect(parseTicketEventNotices('not json')).toEqual([]);
  });
});
