import { ACTIVE_STATUSES, readQueueFilters, toQueueSearchParams } from './queue-filters';

const read = (search: string) => readQueueFilters(new URLSearchParams(search));

describe('queue filters in the address', () => {
  it('shows the active inquiries by deadline when nothing is chosen', () => {
    expect(read('')).toEqual({ status: ACTIVE_STATUSES, sort: 'deadline' });
    expect(toQueueSearchParams(read('')).toString()).toBe('');
  });

  it('reads every filter and writes the same address back', () => {
    const search =
      'status=pending%2Cresolved&assignee=me&priority=urgent&channel=web&outlet=0a1b2c3d-0000-4000-8000-000000000001&tag=budget&overdue=1&q=harbour+bridge&sort=updated';
    const filters = read(search);
    expect(filters).toEqual({
      status: ['pending', 'resolved'],
      assignee: 'me',
      priority: 'urgent',
      channel: 'web',
      outlet: '0a1b2c3d-0000-4000-8000-000000000001',
      tag: 'budget',
      overdue: true,
      q: 'harbour bridge',
      sort: 'updated',
    });
    expect(toQueueSearchParams(filters).toString()).toBe(search);
  });

  it('keeps "all statuses" distinct from the default', () => {
    expect(read('status=all').status).toBeUndefined();
    expect(toQueueSearchParams(read('status=all')).get('status')).toBe('all');
  });

  it('ignores values the API would refuse', () => {
    expect(read('status=bogus&assignee=someone&priority=x&channel=fax&outlet=nope&sort=random')).toEqual({
      status: ACTIVE_STATUSES,
      sort: 'deadline',
    });
  });
});
