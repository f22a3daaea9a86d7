import { formatComment, formatEvent } from './sse.js';

describe('server-sent event framing', () => {
  it('writes id, event and one data line, ended by a blank line', () => {
    expect(formatEvent('ticket', { a: 1 }, '42')).toBe('id: 42\nevent: ticket\ndata: {"a":1}\n\n');
    expect(formatEvent('presence', { a: 1 })).toBe('event: presence\ndata: {"a":1}\n\n');
  });

  it('keeps line breaks inside the data from ending the event early', () => {
    const framed = formatEvent('ticket', { subject: 'one\ntwo\r\nthree' });
    expect(framed.split('\n\n')).toEqual([expect.any(String), '']);
    expect(JSON.parse(framed.split('\n')[1].slice('data: '.length))).toEqual({ subject: 'one\ntwo\r\nthree' });
  });

  it('flattens comments to one line', () => {
    expect(formatComment('heart\nbeat')).toBe(': heart beat\n\n');
  });
});
