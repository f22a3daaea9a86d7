import type { MessageDto, TicketDetailDto } from '@newsdesk/shared';
import { useId, type Ref } from 'react';
import { useApprovedStatements } from '../../../statements/hooks/useStatements';
import { useTemplates } from '../../../templates/hooks/useTemplates';
import { useUploadFile } from '../../hooks/useUploadFile';
import { fillTemplate } from '../../template-fill';
import { SendUndoToast } from '../SendUndoToast';
import { ApprovalToggle } from './ApprovalToggle';
import { CollisionNotice } from './CollisionNotice';
import type { ComposeMode } from './compose-mode';
import { ComposeModeSwitch } from './ComposeModeSwitch';
import { FormError } from '../../../../components/FormError';
import { Notice } from '../../../../components/Notice';
import { Field, FieldHint } from '../../../../components/Field';
import styles from './Composer.module.css';
import { ComposerAttachments } from './ComposerAttachments';
import { ComposerRecipients } from './ComposerRecipients';
import { ScheduleSendFields } from './ScheduleSendFields';
import { SendButtons } from './SendButtons';
import { StatementNotice, StatementPicker } from './StatementPicker';
import { TemplatePicker } from './TemplatePicker';
import { useComposerDraft } from './useComposerDraft';
import { useComposerSend } from './useComposerSend';

export type { ComposeMode } from './compose-mode';

interface ComposerProps {
  ticket: TicketDetailDto;
  me: { id: string; name: string };
  mode: ComposeMode;
  onModeChange: (mode: ComposeMode) => void;
  /** Replies by others that arrived after the viewer opened the ticket. */
  unseenReplies: MessageDto[];
  /** Fetches the ticket again right before sending, so the collision check is current. */
  refresh: () => Promise<MessageDto[]>;
  onSeen: () => void;
  onDraftingChange: (drafting: boolean) => void;
  textareaRef?: Ref<HTMLTextAreaElement>;
}

/** Reply to the journalist by mail, or leave an internal note for colleagues. */
export function Composer({ ticket, me, mode, onModeChange, unseenReplies, refresh, onSeen, onDraftingChange, textareaRef }: ComposerProps) {
  const id = useId();
  const templates = useTemplates('reply');
  const statements = useApprovedStatements(mode === 'reply');
  const upload = useUploadFile();
  const draft = useComposerDraft(mode, onDraftingChange);
  const sending = useComposerSend({ ticket, me, mode, draft, unseenReplies, refresh, onSeen, onModeChange, onDraftingChange });
  const recipient = ticket.journalist?.email;
  const replying = mode === 'reply';

  async function attach(files: File[]) {
    for (const file of files) {
      const uploaded = await upload.mutateAsync(file).catch(() => null);
      if (uploaded) draft.addFile(uploaded);
    }
  }

  return (
    <section className={replying ? styles.composer : `${styles.composer} ${styles.note}`} aria-label="Compose">
      <ComposeModeSwitch
        name={`${id}-mode`}
        mode={mode}
        onChange={(value) => {
          onModeChange(value);
          onDraftingChange(value === 'reply' && draft.body.trim() !== '');
        }}
      />
      {unseenReplies.length > 0 && !sending.collision && (
        <Notice tone="warning" role="status">
          {unseenReplies[unseenReplies.length - 1].author?.name ?? 'A colleague'} replied to this inquiry after you opened it.
        </Notice>
      )}
      <form className={styles.form} onSubmit={sending.handleSubmit}>
        {replying && (
          <div className={styles.meta}>
            <ComposerRecipients id={`${id}-cc`} recipient={recipient} cc={draft.cc} onCcChange={draft.setCc} />
            <TemplatePicker id={`${id}-template`} templates={templates.data} selected={draft.templateId} onChoose={(template) => draft.insertTemplate(template?.id ?? '', template ? fillTemplate(template.body, ticket, me.name) : null)} />
            <StatementPicker id={`${id}-statement`} statements={statements.data} selected={draft.statement?.id ?? ''} onChoose={draft.insertStatement} />
            {draft.statement && <StatementNotice id={`${id}-statement-note`} statement={draft.statement} unchanged={draft.asLibraryStatement} />}
          </div>
        )}
        <Field>
          <label htmlFor={`${id}-body`}>{replying ? 'Reply to the journalist' : 'Note for colleagues (not sent)'}</label>
          <textarea
            id={`${id}-body`}
            ref={textareaRef}
            value={draft.body}
            onChange={(event) => draft.updateBody(event.currentTarget.value)}
            rows={replying ? 8 : 4}
            aria-describedby={`${id}-hint`}
            required
          />
          <FieldHint id={`${id}-hint`}>
            {replying ? 'Markdown: **bold**, *italic*, lists. Your signature is added.' : 'Only staff see notes.'}
          </FieldHint>
        </Field>
        {replying && (
          <ComposerAttachments
            id={`${id}-files`}
            files={draft.files}
            uploading={upload.isPending}
            uploadError={upload.error}
            onAdd={(files) => void attach(files)}
            onRemove={draft.removeFile}
          />
        )}
        {sending.collision && <CollisionNotice replies={sending.collision.replies} onSendAnyway={sending.sendAnyway} onWait={sending.keepDraft} />}
        <FormError error={sending.error} />
        {replying && (
          <ScheduleSendFields
            id={id}
            scheduling={draft.scheduling}
            scheduleAt={draft.scheduleAt}
            onSchedulingChange={draft.setScheduling}
            onScheduleAtChange={draft.setScheduleAt}
          />
        )}
        {replying && <ApprovalToggle id={`${id}-approval`} checked={draft.forApproval} onChange={draft.setForApproval} />}
        {sending.outcome && replying && (
          <Notice role="status" tone={sending.outcome.held ? 'warning' : 'info'}>
            {sending.outcome.text}
          </Notice>
        )}
        <SendButtons
          mode={mode}
          forApproval={draft.forApproval}
          scheduling={draft.scheduling}
          pending={sending.pending}
          blocked={upload.isPending || !recipient}
          onChoose={sending.chooseStatus}
        />
      </form>
      {sending.undo && <SendUndoToast dueAt={sending.undo.dueAt} onUndo={sending.undoSend} onExpire={sending.expireUndo} undoing={sending.undoing} />}
    </section>
  );
}
