import { buildQueueItem, buildUser } from '../../test/factories';
import { undoPatches } from './ticket-undo';

describe('undoPatches', () => {
  it('gives an assignment back to whoever had it, or to nobody', () => {
    const colleague = buildUser();
    expect(undoPatches(buildQueueItem({ status: 'open', assignee: { id: colleague.id, name: colleague.name, email: colleague.email } }), { assigneeId: 'me' }, { status: 'open' })).toEqual([
      { assigneeId: colleague.id },
    ]);
    expect(undoPatches(buildQueueItem({ status: 'open', assignee: null }), { assigneeId: 'me' }, { status: 'open' })).toEqual([{ assigneeId: null }]);
  });

  it('reopens a closed ticket to its earlier status through the allowed transitions', () => {
    expect(undoPatches(buildQueueItem({ status: 'open' }), { status: 'closed', outcome: 'declined' }, { status: 'closed' })).toEqual([{ status: 'open', outcome: null }]);
    expect(undoPatches(buildQueueItem({ status: 'pending' }), { status: 'closed', outcome: 'declined' }, { status: 'closed' })).toEqual([
      { status: 'open', outcome: null },
      { status: 'pending' },
    ]);
    expect(undoPatches(buildQueueItem({ status: 'resolved', outcome: 'statement_given' }), { status: 'closed', outcome: 'declined' }, { status: 'closed' })).toEqual([
      { status: 'open', outcome: 'statement_given' },
      { status: 'resolved' },
    ]);
    // Nothing can become new again: the closest is open.
    expect(undoPatches(buildQueueItem({ status: 'new' }), { status: 'closed', outcome: 'declined' }, { status: 'closed' })).toEqual([{ status: 'open', outcome: null }]);
  });

  it('restores the tags a bulk tagging changed', () => {
    expect(undoPatches(buildQueueItem({ tags: ['budget'] }), { tags: ['budget', 'floods'] }, { status: 'new' })).toEqual([{ tags: ['budget'] }]);
  });
});
