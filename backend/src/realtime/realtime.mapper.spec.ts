import { parseTicketEventNotice, toTicketChangeEventDto } from './realtime.mapper.js';

const TICKET = '6f1c2d3e-0000-4000-8000-000000000001';

describe('ticket event notifications', () => {
  it('reads the trigger payload and maps it to the stream event', () => {
    const notice = parseTicketEventNotice(
      JSON.stringify({ id: '17', ticketId: TICKET, reference: 'ND-1042', type: 'note.added', actorId: null, at: '2026-01-05T10:00:00.123456+00:00' }),
    );
    expect(notice).not.toBeNull();
    expect(toTicketChangeEventDto(notice!)).toEqual({
      ticketId: TICKET,
      reference: 'ND-1042',
      type: 'note.added',
      actorId: null,
      at: '2026-01-05T10:00:00.123Z',
    });
  });

  it('ignores payloads that are not ticket events', () => {
    for (const payload of ['', 'not json', '{}', JSON.stringify({ id: 'x', ticketId: TICKET, type: 't' }), JSON.stringify({ id: '1', ticketId: 'nope', type: 't' })]) {
      expect(parseTicketEventNotice(payload)).toBeNull();
    }
  });
});
