import type { StatementSummaryDto, UploadDto } from '@newsdesk/shared';
import { useState } from 'react';
import type { ComposeMode } from './compose-mode';

/** The library statement inserted into the reply: sent unchanged, it goes out as that statement's delivery. */
export interface InsertedStatement {
  id: string;
  title: string;
  version: number;
  body: string;
}

/** What the officer is writing: text, recipients, template, statement, attachments, timing and approval. */
export function useComposerDraft(mode: ComposeMode, onDraftingChange: (drafting: boolean) => void) {
  const [body, setBody] = useState('');
  const [cc, setCc] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [statement, setStatement] = useState<InsertedStatement | null>(null);
  const [forApproval, setForApproval] = useState(false);
  const [files, setFiles] = useState<UploadDto[]>([]);
  const [scheduling, setScheduling] = useState(false);
  const [scheduleAt, setScheduleAt] = useState('');
  // Sent as it was inserted, a library statement goes through its own endpoint, which records the delivery.
  const asLibraryStatement = !!statement && body.trim() === statement.body.trim() && !cc.trim() && files.length === 0 && !forApproval;

  function updateBody(value: string) {
    setBody(value);
    onDraftingChange(mode === 'reply' && value.trim() !== '');
  }

  /** Puts a filled template above what is already written; `filled` is null when the choice was cleared. */
  function insertTemplate(id: string, filled: string | null) {
    setTemplateId(id);
    if (filled !== null) updateBody(filled + (body.trim() ? `\n\n${body}` : ''));
  }

  /** Appends an approved statement's current version; a statement without one clears the choice. */
  function insertStatement(chosen: StatementSummaryDto | undefined) {
    if (!chosen?.currentVersion) {
      setStatement(null);
      return;
    }
    const text = chosen.currentVersion.body;
    setStatement({ id: chosen.id, title: chosen.title, version: chosen.currentVersion.version, body: text });
    updateBody(body.trim() ? `${body}\n\n${text}` : text);
  }

  function addFile(file: UploadDto) {
    setFiles((current) => [...current, file]);
  }

  function removeFile(fileId: string) {
    setFiles((current) => current.filter((file) => file.id !== fileId));
  }

  function reset() {
    setBody('');
    setCc('');
    setTemplateId('');
    setStatement(null);
    setForApproval(false);
    setFiles([]);
    setScheduling(false);
    setScheduleAt('');
    onDraftingChange(false);
  }

  /** Hands an undone reply back as the draft. */
  function restore(previousBody: string, previousCc: string) {
    setBody(previousBody);
    setCc(previousCc);
  }

  return {
    body,
    cc,
    templateId,
    statement,
    forApproval,
    files,
    scheduling,
    scheduleAt,
    asLibraryStatement,
    updateBody,
    setCc,
    insertTemplate,
    insertStatement,
    setForApproval,
    addFile,
    removeFile,
    setScheduling,
    setScheduleAt,
    reset,
    restore,
  };
}

export type ComposerDraft = ReturnType<typeof useComposerDraft>;
