import type { StatementSummaryDto } from '@newsdesk/shared';
import { act, renderHook } from '@testing-library/react';
import { useComposerDraft } from './useComposerDraft';
import type { ComposeMode } from './compose-mode';

function statement(body: string | null): StatementSummaryDto {
  return {
    id: 'statement-1',
    title: 'Bridge works',
    topic: null,
    status: 'approved',
    owner: null,
    reviewBy: null,
    stale: false,
    currentVersion: body === null ? null : { id: 'version-3', version: 3, body, createdBy: null, createdAt: '2025-01-01T09:00:00.000Z', approvedBy: null, approvedAt: null },
    pendingVersion: null,
    createdAt: '2025-01-01T09:00:00.000Z',
    updatedAt: '2025-01-01T09:00:00.000Z',
  };
}

function renderDraft(mode: ComposeMode = 'reply') {
  const drafting: boolean[] = [];
  const view = renderHook(() => useComposerDraft(mode, (value) => drafting.push(value)));
  return { ...view, drafting };
}

describe('useComposerDraft', () => {
  it('puts a filled template above what is already written and remembers which one', () => {
    const { result } = renderDraft();
    act(() => result.current.updateBody('My own words'));
    act(() => result.current.insertTemplate('template-1', 'Dear Jo,'));
    expect(result.current.body).toBe('Dear Jo,\n\nMy own words');
    expect(result.current.templateId).toBe('template-1');
  });

  it('clearing the template choice leaves the text alone', () => {
    const { result } = renderDraft();
    act(() => result.current.insertTemplate('template-1', 'Dear Jo,'));
    act(() => result.current.insertTemplate('', null));
    expect(result.current.body).toBe('Dear Jo,');
    expect(result.current.templateId).toBe('');
  });

  it('sends an inserted statement as the library statement only while it is unchanged and goes to the journalist alone', () => {
    const { result } = renderDraft();
    act(() => result.current.insertStatement(statement('The bridge reopens on Monday.')));
    expect(result.current.statement).toEqual({ id: 'statement-1', title: 'Bridge works', version: 3, body: 'The bridge reopens on Monday.' });
    expect(result.current.asLibraryStatement).toBe(true);

    act(() => result.current.setCc('desk@paper.example'));
    expect(result.current.asLibraryStatement).toBe(false);
    act(() => result.current.setCc(''));
    act(() => result.current.updateBody('The bridge reopens on Monday. Probably.'));
    expect(result.current.asLibraryStatement).toBe(false);
  });

  it('a statement without an approved version inserts nothing', () => {
    const { result } = renderDraft();
    act(() => result.current.insertStatement(statement(null)));
    expect(result.current.statement).toBeNull();
    expect(result.current.body).toBe('');
  });

  it('reports drafting only for a non-empty reply, and reset clears everything', () => {
    const { result, drafting } = renderDraft('reply');
    act(() => result.current.updateBody('Hello'));
    act(() => result.current.addFile({ id: 'upload-1', filename: 'map.pdf', contentType: 'application/pdf', size: 1024 }));
    act(() => result.current.setScheduling(true));
    act(() => result.current.reset());
    expect(drafting).toEqual([true, false]);
    expect(result.current).toMatchObject({ body: '', cc: '', templateId: '', statement: null, forApproval: false, files: [], scheduling: false, scheduleAt: '' });

    const note = renderDraft('note');
    act(() => note.result.current.updateBody('For colleagues'));
    expect(note.drafting).toEqual([false]);
  });
});
