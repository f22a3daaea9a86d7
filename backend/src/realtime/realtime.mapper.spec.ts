import { parseTicketEventNotice } from './realtime.mapper.js';

const notice = (type: unknown) =>
  JSON.stringify({ id: '42', ticketId: '6f1c2d3e-0000-4000-8000-000000000000', reference: 'ND-1', type, actorId: null, at: '2026-03-01T10:00:00.000Z' });

describe('parseTicketEventNotice', () => {
  it('reads a notice of a listed event type', () => {
    expect(parseTicketEventNotice(notice('note.added'))).toEqual({
      id: '42',
      ticketId: '6f1c2d3e-0000-4000-8000-000000000000',
      reference: 'ND-1',
      type: 'note.added',
      actorId: null,
      at: '2026-03-01T10:00:00.000Z',
    });
  });

  it('drops a hand-made NOTIFY whose type is not an event type', () => {
    for (const type of ['ticket.exploded', '', 42, null, '<script>']) expect(parseTicketEventNotice(notice(type))).toBeNull();
  });
});
