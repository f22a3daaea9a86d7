import { BadRequestException } from '@nestjs/common';
import { cursorCodec } from './cursor.js';

const ID = '6f1c2d3e-0000-4000-8000-000000000000';
const raw = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');

/** The 400 a bad cursor gets, with its stable code. */
function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof BadRequestException ? error.getResponse() : error;
  }
  return 'accepted';
}

describe('cursorCodec', () => {
  const queue = cursorCodec('tickets', ['sortTimestamp', 'uuid']);
  const ranked = cursorCodec('tickets-ranked', ['number', 'timestamp', 'uuid']);

  it('gives back what it encoded, in URL-safe characters', () => {
    const cursor = queue.encode(['2026-03-01T10:00:00.000Z', ID]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(queue.decode(cursor)).toEqual(['2026-03-01T10:00:00.000Z', ID]);
    expect(queue.decode(queue.encode(['infinity', ID]))).toEqual(['infinity', ID]);
    expect(ranked.decode(ranked.encode([0.25, '2026-03-01 10:00:00.123456+00', ID]))).toEqual([0.25, '2026-03-01 10:00:00.123456+00', ID]);
  });

  it.each([
    ['not base64 JSON', 'garbage'],
    ['an empty cursor', ''],
    ['no version', raw(['2026-03-01T10:00:00.000Z', ID])],
    ['another version', raw([2, 'tickets', '2026-03-01T10:00:00.000Z', ID])],
    ["another list's cursor", raw([1, 'outbox', '2026-03-01T10:00:00.000Z', ID])],
    ['a value too few', raw([1, 'tickets', '2026-03-01T10:00:00.000Z'])],
    ['a value too many', raw([1, 'tickets', '2026-03-01T10:00:00.000Z', ID, ID])],
    ['an id that is not a uuid', raw([1, 'tickets', '2026-03-01T10:00:00.000Z', "1' OR '1'='1"])],
    ['a loose date', raw([1, 'tickets', '1', ID])],
    ['a day that does not exist', raw([1, 'tickets', '2026-02-30T10:00:00.000Z', ID])],
    ['a number for a timestamp', raw([1, 'tickets', 1772359200000, ID])],
  ])('refuses %s with 400 invalid_cursor', (_case, cursor) => {
    expect(refusal(() => queue.decode(cursor))).toEqual({ message: 'cursor is not valid: pass back the nextCursor of the previous page', code: 'invalid_cursor' });
  });

  it("takes infinity only where the list sorts undated rows last, and numbers only where it declares one", () => {
    const stories = cursorCodec('stories', ['timestamp', 'uuid']);
    expect(refusal(() => stories.decode(raw([1, 'stories', 'infinity', ID])))).toMatchObject({ code: 'invalid_cursor' });
    expect(refusal(() => ranked.decode(raw([1, 'tickets-ranked', 'NaN', '2026-03-01T10:00:00Z', ID])))).toMatchObject({ code: 'invalid_cursor' });
  });
});
