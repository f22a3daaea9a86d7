import type { ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe } from '../../common/validation.js';
import { ListTicketsQuery, validateQueueQuery } from './list-tickets.query.js';

const VALUES: Record<string, unknown[]> = {
  limit: ['1', '25', '200', '201', '0', '025', ' 25', '1.5', 'abc', '-1', '', '1e2', '999', ['25', '50']],
  cursor: ['eyJrIjoxfQ', 'x'.repeat(2000), 'x'.repeat(2001), '😀'.repeat(1000), '', ['a', 'b']],
  status: ['new', 'new,open', ' new , open ', 'new,,open', 'bogus', 'new,bogus', ',', '', 'NEW', ['new', 'open']],
  priority: ['high', 'low,urgent', 'asap', ''],
  assignee: ['me', 'none', 'ME', '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f', '6F1C2D3E-4A5B-4C6D-8E9F-0A1B2C3D4E5F', 'bob', '', ['me', 'none']],
  channel: ['email', 'in_person', 'fax', ''],
  sort: ['deadline', 'created', 'relevance', 'bogus', ''],
  q: ['harbour'],
  tag: ['topic-1'],
  outlet: ['6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f', 'x'],
  deadlineBefore: ['2026-12-07T10:00:00Z', 'tomorrow'],
  unknown: ['1'],
};
const KEYS = Object.keys(VALUES);

/** A small deterministic generator, so a failure names a query that can be replayed. */
function* queries(count: number): Generator<Record<string, unknown>> {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    const query: Record<string, unknown> = {};
    for (let k = next(5); k > 0; k--) {
      const key = KEYS[next(KEYS.length)];
      query[key] = VALUES[key][next(VALUES[key].length)];
    }
    yield query;
  }
}

describe('the queue query fast path', () => {
  const pipe = createValidationPipe({ fast: false });
  const metadata: ArgumentMetadata = { type: 'query', metatype: ListTicketsQuery, data: '' };
  const full = (query: Record<string, unknown>) => pipe.transform({ ...query }, metadata).then((value: unknown) => ({ value }), (error: unknown) => ({ error }));

  it('accepts only what the full pipe accepts, and answers exactly its instance', async () => {
    let fastAccepted = 0;
    for (const query of queries(4000)) {
      const fast = validateQueueQuery({ ...query });
      if (!fast) continue;
      fastAccepted++;
      const answer = await full(query);
      expect({ query, answer }).toStrictEqual({ query, answer: { value: fast } });
    }
    expect(fastAccepted).toBeGreaterThan(300);
  });

  it('serves the dashboard\'s usual queue queries itself', () => {
    for (const query of [{}, { limit: '25' }, { limit: '25', sort: 'deadline' }, { status: 'new,open', assignee: 'me', limit: '50', cursor: 'eyJrIjoxfQ' }, { priority: 'urgent', channel: 'email' }]) {
      expect(validateQueueQuery(query)).toBeInstanceOf(ListTicketsQuery);
    }
  });

  it('leaves search, tag, outlet, dates, unknown fields and doubtful values to the full pipe', () => {
    for (const query of [{ q: 'harbour' }, { tag: 'x' }, { outlet: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f' }, { deadlineBefore: '2026-12-07T10:00:00Z' }, { foo: '1' }, { limit: '201' }, { limit: '025' }, { status: 'new,bogus' }, { status: ['new'] }, { cursor: 'x'.repeat(2001) }]) {
      expect(validateQueueQuery(query)).toBeNull();
    }
  });
});
