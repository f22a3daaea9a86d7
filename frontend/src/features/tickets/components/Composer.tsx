import type { MessageDto, StatementSummaryDto, TicketDetailDto, UploadDto } from '@newsdesk/shared';
import { useCallback, useId, useRef, useState, type ChangeEvent, type FormEvent, type Ref } from 'react';
import { describeError } from '../../../api/client';
import type { ReplyStatus } from '../../../api/tickets';
import { formatDateTime } from '../../../components/RelativeTime';
import { useApprovedStatements } from '../../statements/hooks/useStatements';
import { useSendTicketStatement } from '../../statements/hooks/useStatementMutations';
import { useTemplates } from '../../templates/hooks/useTemplates';
import { useAddNote } from '../hooks/useAddNote';
import { useCancelReply } from '../hooks/useCancelReply';
import { useSendReply } from '../hooks/useSendReply';
import { useUploadFile } from '../hooks/useUploadFile';
import { fromLocalInput } from '../local-datetime';
import { formatScheduled } from '../scheduled-send';
import { fillTemplate } from '../template-fill';
import { SendUndoToast } from './SendUndoToast';

export type ComposeMode = 'reply' | 'note';

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

const SEND_LABELS: Record<'' | Extract<ReplyStatus, 'pending' | 'resolved'>, string> = {
  '': 'Send',
  pending: 'Send and mark pending',
  resolved: 'Send and mark resolved',
};

/** The library statement inserted into the reply: sent unchanged, it goes out as that statement's delivery. */
interface InsertedStatement {
  id: string;
  title: string;
  version: number;
  body: string;
}

/** The reply this officer just stored, when an approval rule (or they) held it back. */
function heldReply(ticket: TicketDetailDto, meId: string): MessageDto | undefined {
  const mine = ticket.messages.filter((message) => message.kind === 'outbound' && message.author?.id === meId).at(-1);
  return mine?.approval?.status === 'pending' ? mine : undefined;
}

/** The reply this officer just queued, still waiting in the outbox. */
function queuedReply(ticket: TicketDetailDto, meId: string): MessageDto | undefined {
  const mine = ticket.messages.filter((message) => message.kind === 'outbound' && message.author?.id === meId).at(-1);
  return mine?.delivery?.status === 'queued' && mine.delivery.dueAt ? mine : undefined;
}

/** A reply in its undo window, with what the officer wrote, to hand back to the composer on undo. */
interface UndoableReply {
  messageId: string;
  dueAt: string;
  body: string;
  cc: string;
}

function splitAddresses(value: string): string[] {
  return value
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Reply to the journalist by mail, or leave an internal note for colleagues. */
export function Composer({ ticket, me, mode, onModeChange, unseenReplies, refresh, onSeen, onDraftingChange, textareaRef }: ComposerProps) {
  const id = useId();
  const templates = useTemplates('reply');
  const statements = useApprovedStatements(mode === 'reply');
  const sendReply = useSendReply();
  const sendStatement = useSendTicketStatement();
  const addNote = useAddNote();
  const upload = useUploadFile();
  const cancelReply = useCancelReply();
  const [body, setBody] = useState('');
  const [undo, setUndo] = useState<UndoableReply | null>(null);
  const [scheduling, setScheduling] = useState(false);
  const [scheduleAt, setScheduleAt] = useState('');
  const [cc, setCc] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [statement, setStatement] = useState<InsertedStatement | null>(null);
  const [forApproval, setForApproval] = useState(false);
  const [files, setFiles] = useState<UploadDto[]>([]);
  // What became of the last reply (held for approval, or a statement recorded).
  const [outcome, setOutcome] = useState<{ held: boolean; text: string } | null>(null);
  // Set when a colleague replied meanwhile: the send waits for an explicit "send anyway".
  const [collision, setCollision] = useState<{ status: '' | 'pending' | 'resolved'; replies: MessageDto[] } | null>(null);
  // Which "Send…" button submitted the form.
  const sendStatus = useRef<'' | 'pending' | 'resolved'>('');
  const pending = sendReply.isPending || sendStatement.isPending || addNote.isPending;
  const error = mode === 'reply' ? (sendReply.error ?? sendStatement.error) : addNote.error;
  // Sent as it was inserted, a library statement goes through its own endpoint, which records the delivery.
  const asLibraryStatement = !!statement && body.trim() === statement.body.trim() && !cc.trim() && files.length === 0 && !forApproval;

  function updateBody(value: string) {
    setBody(value);
    onDraftingChange(mode === 'reply' && value.trim() !== '');
  }

  function chooseTemplate(event: ChangeEvent<HTMLSelectElement>) {
    const chosen = templates.data?.find((template) => template.id === event.currentTarget.value);
    setTemplateId(chosen?.id ?? '');
    if (chosen) updateBody(fillTemplate(chosen.body, ticket, me.name) + (body.trim() ? `\n\n${body}` : ''));
  }

  function chooseStatement(event: ChangeEvent<HTMLSelectElement>) {
    const chosen = statements.data?.find((candidate) => candidate.id === event.currentTarget.value);
    if (!chosen?.currentVersion) {
      setStatement(null);
      return;
    }
    const text = chosen.currentVersion.body;
    setStatement({ id: chosen.id, title: chosen.title, version: chosen.currentVersion.version, body: text });
    updateBody(body.trim() ? `${body}\n\n${text}` : text);
  }

  async function chooseFiles(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const chosen = [...(input.files ?? [])];
    input.value = '';
    for (const file of chosen) {
      const uploaded = await upload.mutateAsync(file).catch(() => null);
      if (uploaded) setFiles((current) => [...current, uploaded]);
    }
  }

  function reset() {
    setBody('');
    setCc('');
    setTemplateId('');
    setStatement(null);
    setForApproval(false);
    setFiles([]);
    setCollision(null);
    setScheduling(false);
    setScheduleAt('');
    onDraftingChange(false);
  }

  const expireUndo = useCallback(() => setUndo(null), []);

  function undoSend() {
    if (!undo) return;
    const { messageId, body: sentBody, cc: sentCc } = undo;
    cancelReply.mutate(
      { ticketId: ticket.id, messageId },
      {
        onSuccess: () => {
          setUndo(null);
          setBody(sentBody);
          setCc(sentCc);
          onModeChange('reply');
          onDraftingChange(true);
          setOutcome({ held: false, text: 'Not sent. Your reply is back in the composer as a draft.' });
        },
        onError: (cancelError) => {
          setUndo(null);
          setOutcome({ held: true, text: `Too late to undo: ${describeError(cancelError)}` });
        },
      },
    );
  }

  async function send(status: '' | 'pending' | 'resolved', confirmed: boolean) {
    if (!confirmed) {
      const latest = await refresh().catch(() => unseenReplies);
      if (latest.length > 0) {
        setCollision({ status, replies: latest });
        return;
      }
    }
    setCollision(null);
    setOutcome(null);
    onSeen();
    if (statement && asLibraryStatement) {
      const { title, version } = statement;
      sendStatement.mutate(
        { ticketId: ticket.id, input: { statementId: statement.id, status: status || undefined } },
        {
          onSuccess: (result) => {
            reset();
            const held = result.results[0]?.result === 'awaiting_approval';
            setOutcome({
              held,
              text: held
                ? `“${title}” is held until an approver signs it off: an approval rule covers this inquiry.`
                : `“${title}” (version ${version}) is on its way and recorded as sent to this journalist.`,
            });
          },
        },
      );
      return;
    }
    const sendAt = scheduling ? fromLocalInput(scheduleAt) : null;
    const sentBody = body;
    const sentCc = cc;
    sendReply.mutate(
      {
        id: ticket.id,
        reply: {
          sendAt: sendAt ?? undefined,
          body,
          cc: cc.trim() ? splitAddresses(cc) : undefined,
          uploadIds: files.length ? files.map((file) => file.id) : undefined,
          templateId: templateId || undefined,
          status: status || undefined,
          statement: statement ? true : undefined,
          submitForApproval: forApproval || undefined,
        },
      },
      {
        onSuccess: (updated) => {
          reset();
          const held = heldReply(updated, me.id);
          if (held?.approval) {
            setOutcome({ held: true, text: `Your reply is held until an approver signs it off (${held.approval.reason}).` });
            return;
          }
          const queued = queuedReply(updated, me.id);
          if (queued?.delivery?.scheduledFor) {
            setOutcome({ held: false, text: `Scheduled for ${formatScheduled(queued.delivery.scheduledFor)}. You can cancel it on the thread until then.` });
          } else if (queued?.delivery?.dueAt && Date.parse(queued.delivery.dueAt) > Date.now()) {
            setUndo({ messageId: queued.id, dueAt: queued.delivery.dueAt, body: sentBody, cc: sentCc });
          }
        },
      },
    );
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!body.trim() || pending) return;
    if (mode === 'note') {
      addNote.mutate({ id: ticket.id, text: body }, { onSuccess: reset });
      return;
    }
    void send(sendStatus.current, false);
  }

  const recipient = ticket.journalist?.email;

  return (
    <section className={`composer composer--${mode}`} aria-label="Compose">
      <div className="composer__modes" role="radiogroup" aria-label="Write a">
        {(['reply', 'note'] as const).map((value) => (
          <label key={value} className={`composer__mode${mode === value ? ' composer__mode--active' : ''}`}>
            <input
              type="radio"
              name={`${id}-mode`}
              value={value}
              checked={mode === value}
              onChange={() => {
                onModeChange(value);
                onDraftingChange(value === 'reply' && body.trim() !== '');
              }}
            />
            {value === 'reply' ? 'Reply' : 'Internal note'}
          </label>
        ))}
      </div>
      {unseenReplies.length > 0 && !collision && (
        <p className="notice notice--warning" role="status">
          {unseenReplies[unseenReplies.length - 1].author?.name ?? 'A colleague'} replied to this inquiry after you opened it.
        </p>
      )}
      <form className="composer__form" onSubmit={handleSubmit}>
        {mode === 'reply' && (
          <div className="composer__meta">
            <p className="composer__to">
              <span className="muted">To</span> {recipient ?? <span className="form-error">no journalist address</span>}
            </p>
            <div className="field">
              <label htmlFor={`${id}-cc`}>Cc</label>
              <input id={`${id}-cc`} value={cc} onChange={(event) => setCc(event.currentTarget.value)} placeholder="desk@paper.example" />
            </div>
            <div className="field">
              <label htmlFor={`${id}-template`}>Template</label>
              <select id={`${id}-template`} value={templateId} onChange={chooseTemplate} disabled={!templates.data?.length}>
                <option value="">{templates.data?.length ? 'Insert a template…' : 'No templates'}</option>
                {templates.data
                  ?.filter((template) => template.active)
                  .map((template) => (
                    <option key={template.id} value={template.id}>
                      {template.name}
                    </option>
                  ))}
              </select>
            </div>
            <StatementPicker id={`${id}-statement`} statements={statements.data} selected={statement?.id ?? ''} onChange={chooseStatement} />
            {statement && (
              <p className="composer__statement notice" id={`${id}-statement-note`}>
                On the record: “{statement.title}”, version {statement.version}.{' '}
                {asLibraryStatement
                  ? 'Sent unchanged, it is recorded as delivered to this journalist.'
                  : 'Changed, it goes out as a statement and approval rules for statements apply.'}
              </p>
            )}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-body`}>{mode === 'reply' ? 'Reply to the journalist' : 'Note for colleagues (not sent)'}</label>
          <textarea
            id={`${id}-body`}
            ref={textareaRef}
            value={body}
            onChange={(event) => updateBody(event.currentTarget.value)}
            rows={mode === 'reply' ? 8 : 4}
            aria-describedby={`${id}-hint`}
            required
          />
          <p id={`${id}-hint`} className="field__hint">
            {mode === 'reply' ? 'Markdown: **bold**, *italic*, lists. Your signature is added.' : 'Only staff see notes.'}
          </p>
        </div>
        {mode === 'reply' && (
          <div className="composer__files">
            <label htmlFor={`${id}-files`} className="button">
              Attach files
            </label>
            <input id={`${id}-files`} type="file" multiple className="visually-hidden" onChange={(event) => void chooseFiles(event)} />
            {upload.isPending && <span role="status">Uploading…</span>}
            {upload.isError && (
              <span role="alert" className="field__error">
                Upload failed: {describeError(upload.error)}
              </span>
            )}
            {files.length > 0 && (
              <ul className="composer__file-list" aria-label="Attached files">
                {files.map((file) => (
                  <li key={file.id}>
                    {file.filename}
                    <button
                      type="button"
                      className="button button--link"
                      aria-label={`Remove ${file.filename}`}
                      onClick={() => setFiles((current) => current.filter((f) => f.id !== file.id))}
                    >
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {collision && (
          <div className="notice notice--warning" role="alert">
            <p>
              {collision.replies.map((reply) => `${reply.author?.name ?? 'A colleague'} replied at ${formatDateTime(reply.createdAt)}`).join('; ')}{' '}
              since you opened this inquiry. Read the thread before you send?
            </p>
            <div className="button-row">
              <button type="button" className="button button--primary" onClick={() => void send(collision.status, true)}>
                Send anyway
              </button>
              <button type="button" className="button" onClick={() => setCollision(null)}>
                Don’t send yet
              </button>
            </div>
          </div>
        )}
        {error && (
          <p role="alert" className="form-error">
            {describeError(error)}
          </p>
        )}
        {mode === 'reply' && (
          <div className="scheduled-send">
            <div className="checkbox-field">
              <input id={`${id}-schedule`} type="checkbox" checked={scheduling} onChange={(event) => setScheduling(event.currentTarget.checked)} />
              <label htmlFor={`${id}-schedule`}>Send later</label>
            </div>
            {scheduling && (
              <div className="field">
                <label htmlFor={`${id}-send-at`}>Send at</label>
                <input id={`${id}-send-at`} type="datetime-local" value={scheduleAt} onChange={(event) => setScheduleAt(event.currentTarget.value)} required />
              </div>
            )}
          </div>
        )}
        {mode === 'reply' && (
          <div className="checkbox-field">
            <input id={`${id}-approval`} type="checkbox" checked={forApproval} onChange={(event) => setForApproval(event.currentTarget.checked)} aria-describedby={`${id}-approval-hint`} />
            <label htmlFor={`${id}-approval`}>Send for approval</label>
            <span id={`${id}-approval-hint`} className="field__hint">
              An approver signs it off before it goes out.
            </span>
          </div>
        )}
        {outcome && mode === 'reply' && (
          <p role="status" className={outcome.held ? 'notice notice--warning' : 'notice'}>
            {outcome.text}
          </p>
        )}
        <div className="button-row">
          {mode === 'reply' ? (
            (forApproval ? ([''] as const) : (['', 'pending', 'resolved'] as const)).map((status) => (
              <button
                key={status || 'send'}
                type="submit"
                onClick={() => {
                  sendStatus.current = status;
                }}
                className={status === '' ? 'button button--primary' : 'button'}
                disabled={pending || upload.isPending || !recipient}
              >
                {pending && status === '' ? 'Sending…' : forApproval ? 'Send for approval' : scheduling && status === '' ? 'Schedule' : SEND_LABELS[status]}
              </button>
            ))
          ) : (
            <button type="submit" className="button button--primary" disabled={pending}>
              {pending ? 'Saving…' : 'Add note'}
            </button>
          )}
        </div>
      </form>
      {undo && <SendUndoToast dueAt={undo.dueAt} onUndo={undoSend} onExpire={expireUndo} undoing={cancelReply.isPending} />}
    </section>
  );
}

interface StatementPickerProps {
  id: string;
  statements: StatementSummaryDto[] | undefined;
  selected: string;
  onChange: (event: ChangeEvent<HTMLSelectElement>) => void;
}

/** Approved lines from the statement library; a statement due a review says so. */
function StatementPicker({ id, statements, selected, onChange }: StatementPickerProps) {
  const usable = statements?.filter((statement) => statement.currentVersion) ?? [];
  return (
    <div className="field">
      <label htmlFor={id}>Statement</label>
      <select id={id} value={selected} onChange={onChange} disabled={!usable.length && !selected}>
        <option value="">{usable.length ? 'Insert an approved statement…' : 'No approved statements'}</option>
        {usable.map((statement) => (
          <option key={statement.id} value={statement.id}>
            {statement.title}
            {statement.stale ? ' (review overdue)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
