import type { MessageDto, TicketDetailDto } from '@newsdesk/shared';
import { useCallback, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../../../../api/client';
import { useSendTicketStatement } from '../../../statements/hooks/useStatementMutations';
import { useAddNote } from '../../hooks/useAddNote';
import { useCancelReply } from '../../hooks/useCancelReply';
import { useSendReply } from '../../hooks/useSendReply';
import { fromLocalInput } from '../../local-datetime';
import { formatScheduled } from '../../scheduled-send';
import type { ComposeMode, SendStatus } from './compose-mode';
import { heldReply, queuedReply, splitAddresses } from './reply-outcome';
import type { ComposerDraft } from './useComposerDraft';

/** A reply in its undo window, with what the officer wrote, to hand back to the composer on undo. */
interface UndoableReply {
  messageId: string;
  dueAt: string;
  body: string;
  cc: string;
}

interface ComposerSendOptions {
  ticket: TicketDetailDto;
  me: { id: string; name: string };
  mode: ComposeMode;
  draft: ComposerDraft;
  unseenReplies: MessageDto[];
  refresh: () => Promise<MessageDto[]>;
  onSeen: () => void;
  onModeChange: (mode: ComposeMode) => void;
  onDraftingChange: (drafting: boolean) => void;
}

/** Sends the draft (reply, library statement or note), checks for colleagues' replies first, and undoes a queued send. */
export function useComposerSend({ ticket, me, mode, draft, unseenReplies, refresh, onSeen, onModeChange, onDraftingChange }: ComposerSendOptions) {
  const sendReply = useSendReply();
  const sendStatement = useSendTicketStatement();
  const addNote = useAddNote();
  const cancelReply = useCancelReply();
  const [undo, setUndo] = useState<UndoableReply | null>(null);
  // What became of the last reply (held for approval, or a statement recorded).
  const [outcome, setOutcome] = useState<{ held: boolean; text: string } | null>(null);
  // Set when a colleague replied meanwhile: the send waits for an explicit "send anyway".
  const [collision, setCollision] = useState<{ status: SendStatus; replies: MessageDto[] } | null>(null);
  // Which "Send…" button submitted the form.
  const sendStatus = useRef<SendStatus>('');
  const pending = sendReply.isPending || sendStatement.isPending || addNote.isPending;
  const error = mode === 'reply' ? (sendReply.error ?? sendStatement.error) : addNote.error;

  function reset() {
    draft.reset();
    setCollision(null);
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
          draft.restore(sentBody, sentCc);
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

  async function send(status: SendStatus, confirmed: boolean) {
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
    const { statement, body, cc, files, templateId, forApproval, scheduling, scheduleAt } = draft;
    if (statement && draft.asLibraryStatement) {
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
            setUndo({ messageId: queued.id, dueAt: queued.delivery.dueAt, body, cc });
          }
        },
      },
    );
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!draft.body.trim() || pending) return;
    if (mode === 'note') {
      addNote.mutate({ id: ticket.id, text: draft.body }, { onSuccess: reset });
      return;
    }
    void send(sendStatus.current, false);
  }

  return {
    pending,
    error,
    outcome,
    collision,
    undo,
    undoing: cancelReply.isPending,
    chooseStatus: (status: SendStatus) => {
      sendStatus.current = status;
    },
    handleSubmit,
    sendAnyway: () => {
      if (collision) void send(collision.status, true);
    },
    keepDraft: () => setCollision(null),
    undoSend,
    expireUndo,
  };
}
