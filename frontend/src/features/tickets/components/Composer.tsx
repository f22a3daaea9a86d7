import type { MessageDto, TicketDetailDto, UploadDto } from '@newsdesk/shared';
import { useId, useRef, useState, type ChangeEvent, type FormEvent, type Ref } from 'react';
import { describeError } from '../../../api/client';
import type { ReplyStatus } from '../../../api/tickets';
import { formatDateTime } from '../../../components/RelativeTime';
import { useTemplates } from '../../templates/hooks/useTemplates';
import { useAddNote } from '../hooks/useAddNote';
import { useSendReply } from '../hooks/useSendReply';
import { useUploadFile } from '../hooks/useUploadFile';
import { fillTemplate } from '../template-fill';

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
  const sendReply = useSendReply();
  const addNote = useAddNote();
  const upload = useUploadFile();
  const [body, setBody] = useState('');
  const [cc, setCc] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [files, setFiles] = useState<UploadDto[]>([]);
  // Set when a colleague replied meanwhile: the send waits for an explicit "send anyway".
  const [collision, setCollision] = useState<{ status: '' | 'pending' | 'resolved'; replies: MessageDto[] } | null>(null);
  // Which "Send…" button submitted the form.
  const sendStatus = useRef<'' | 'pending' | 'resolved'>('');
  const pending = sendReply.isPending || addNote.isPending;
  const error = mode === 'reply' ? sendReply.error : addNote.error;

  function updateBody(value: string) {
    setBody(value);
    onDraftingChange(mode === 'reply' && value.trim() !== '');
  }

  function chooseTemplate(event: ChangeEvent<HTMLSelectElement>) {
    const chosen = templates.data?.find((template) => template.id === event.currentTarget.value);
    setTemplateId(chosen?.id ?? '');
    if (chosen) updateBody(fillTemplate(chosen.body, ticket, me.name) + (body.trim() ? `\n\n${body}` : ''));
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
    setFiles([]);
    setCollision(null);
    onDraftingChange(false);
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
    onSeen();
    sendReply.mutate(
      {
        id: ticket.id,
        reply: {
          body,
          cc: cc.trim() ? splitAddresses(cc) : undefined,
          uploadIds: files.length ? files.map((file) => file.id) : undefined,
          templateId: templateId || undefined,
          status: status || undefined,
        },
      },
      { onSuccess: reset },
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
        <div className="button-row">
          {mode === 'reply' ? (
            (['', 'pending', 'resolved'] as const).map((status) => (
              <button
                key={status || 'send'}
                type="submit"
                onClick={() => {
                  sendStatus.current = status;
                }}
                className={status === '' ? 'button button--primary' : 'button'}
                disabled={pending || upload.isPending || !recipient}
              >
                {pending && status === '' ? 'Sending…' : SEND_LABELS[status]}
              </button>
            ))
          ) : (
            <button type="submit" className="button button--primary" disabled={pending}>
              {pending ? 'Saving…' : 'Add note'}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
