import type { TicketDetailDto, CreateOutboundTicketRequest } from '@newsdesk/shared';
import { useCallback, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../../api/client';
import { JournalistPicker, type JournalistChoice } from '../components/JournalistPicker';
import { SendUndoToast } from '../components/SendUndoToast';
import { ScheduleSendFields } from '../components/composer/ScheduleSendFields';
import { useCancelReply } from '../hooks/useCancelReply';
import { useStartOutboundMail } from '../hooks/useStartOutboundMail';
import { fromLocalInput } from '../local-datetime';
import { formatScheduled } from '../scheduled-send';
import { FormError } from '../../../components/FormError';
import { Notice } from '../../../components/Notice';
import { PageHeader } from '../../../components/Page';
import { CheckboxField, Field, FieldHint } from '../../../components/Field';
import { Button, ButtonRow } from '../../../components/Button';

const EMPTY_JOURNALIST: JournalistChoice = { kind: 'new', name: '', email: '', phone: '' };

/** What became of the mail just sent: its ticket, and the draft to restore on undo. */
interface Sent {
  ticket: TicketDetailDto;
  draft: { journalist: JournalistChoice; subject: string; body: string };
  undoable: boolean;
}

/** A pitch or follow-up to a journalist: sent like a reply (approval rules, undo window), it opens a ticket. */
export function NewMailPage() {
  const id = useId();
  const start = useStartOutboundMail();
  const cancel = useCancelReply();
  const [sent, setSent] = useState<Sent | null>(null);
  const [notice, setNotice] = useState('');
  const [journalist, setJournalist] = useState<JournalistChoice>(EMPTY_JOURNALIST);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [sendLater, setSendLater] = useState(false);
  const [sendAt, setSendAt] = useState('');
  const [forApproval, setForApproval] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input: CreateOutboundTicketRequest = { subject, body, submitForApproval: forApproval || undefined };
    if (journalist.kind === 'existing') input.journalistId = journalist.journalist.id;
    else {
      input.to = [journalist.email.trim()];
      if (journalist.name.trim()) input.journalistName = journalist.name.trim();
    }
    const scheduled = sendLater ? fromLocalInput(sendAt) : null;
    if (scheduled) input.sendAt = scheduled;
    const draft = { journalist, subject, body };
    setNotice('');
    start.mutate(input, {
      onSuccess: (ticket) => {
        const delivery = ticket.messages[0]?.delivery;
        setSent({ ticket, draft, undoable: !!delivery?.dueAt && !delivery.scheduledFor && Date.parse(delivery.dueAt) > Date.now() });
        setJournalist(EMPTY_JOURNALIST);
        setSubject('');
        setBody('');
        setSendLater(false);
        setSendAt('');
        setForApproval(false);
      },
    });
  }

  const expire = useCallback(() => setSent((current) => (current ? { ...current, undoable: false } : current)), []);

  function undo() {
    if (!sent) return;
    const message = sent.ticket.messages[0];
    cancel.mutate(
      { ticketId: sent.ticket.id, messageId: message.id },
      {
        onSuccess: () => {
          setJournalist(sent.draft.journalist);
          setSubject(sent.draft.subject);
          setBody(sent.draft.body);
          setNotice(`Not sent. ${sent.ticket.reference} keeps it as cancelled; your text is back in the form.`);
          setSent(null);
        },
        onError: (error) => {
          setNotice(`Too late to undo: ${describeError(error)}`);
          setSent((current) => (current ? { ...current, undoable: false } : current));
        },
      },
    );
  }

  const first = sent?.ticket.messages[0];

  return (
    <>
      <title>New email · Newsdesk</title>
      <PageHeader>
        <h1>New email to a journalist</h1>
      </PageHeader>
      {sent && first && (
        <Notice role="status">
          {first.approval?.status === 'pending'
            ? 'Held until an approver signs it off: '
            : first.delivery?.scheduledFor
              ? `Scheduled for ${formatScheduled(first.delivery.scheduledFor)}: `
              : 'On its way: '}
          <Link to={`/tickets/${sent.ticket.reference}`}>
            {sent.ticket.reference} {sent.ticket.subject}
          </Link>
        </Notice>
      )}
      {notice && (
        <Notice role="status">
          {notice}
        </Notice>
      )}
      <form onSubmit={submit}>
        <JournalistPicker value={journalist} onChange={setJournalist} fields={['name', 'email']} />
        <Field>
          <label htmlFor={`${id}-subject`}>Subject</label>
          <input id={`${id}-subject`} value={subject} onChange={(event) => setSubject(event.currentTarget.value)} maxLength={300} required />
        </Field>
        <Field>
          <label htmlFor={`${id}-body`}>Message</label>
          <textarea id={`${id}-body`} value={body} onChange={(event) => setBody(event.currentTarget.value)} rows={10} required aria-describedby={`${id}-hint`} />
          <FieldHint id={`${id}-hint`}>
            Markdown: **bold**, *italic*, lists. Your signature is added; the reference goes in the subject so answers thread.
          </FieldHint>
        </Field>
        <ScheduleSendFields id={id} scheduling={sendLater} scheduleAt={sendAt} onSchedulingChange={setSendLater} onScheduleAtChange={setSendAt} />
        <CheckboxField>
          <input id={`${id}-approval`} type="checkbox" checked={forApproval} onChange={(event) => setForApproval(event.currentTarget.checked)} />
          <label htmlFor={`${id}-approval`}>Send for approval</label>
        </CheckboxField>
        <FormError error={start.error} />
        <ButtonRow>
          <Button variant="primary" type="submit" disabled={start.isPending}>
            {start.isPending ? 'Sending…' : forApproval ? 'Send for approval' : sendLater ? 'Schedule' : 'Send'}
          </Button>
        </ButtonRow>
      </form>
      {sent?.undoable && first?.delivery?.dueAt && <SendUndoToast dueAt={first.delivery.dueAt} onUndo={undo} onExpire={expire} undoing={cancel.isPending} />}
    </>
  );
}
