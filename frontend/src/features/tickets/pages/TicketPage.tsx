import type { MessageDto } from '@newsdesk/shared';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { isForbidden } from '../../../api/client';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { UndoToast, type UndoToastContent } from '../../../components/UndoToast';
import { useKeyboardShortcuts } from '../../../hooks/useKeyboardShortcuts';
import { useNow } from '../../../hooks/useNow';
import { useOfficeTimeZone } from '../../../hooks/useOfficeTimeZone';
import { useSession } from '../../auth/hooks/useSession';
import { PresenceList } from '../../realtime/components/PresenceList';
import { RelatedInquiries } from '../../stories/components/RelatedInquiries';
import { usePresence } from '../../realtime/hooks/usePresence';
import { useUsers } from '../../users/hooks/useUsers';
import { Composer, type ComposeMode } from '../components/composer/Composer';
import { ContactPanel } from '../components/ContactPanel';
import { PossibleDuplicateNotice } from '../components/PossibleDuplicateNotice';
import { RecentContactWarning } from '../components/RecentContactWarning';
import { TicketHeader } from '../components/TicketHeader';
import { TicketProperties } from '../components/ticket-properties/TicketProperties';
import { Thread } from '../components/Thread';
import { useTicket } from '../hooks/useTicket';
import { useMarkTicketRead } from '../hooks/useMarkTicketRead';
import { useUndoTicketChanges } from '../hooks/useUndoTicketChanges';
import { useUpdateTicket } from '../hooks/useUpdateTicket';
import { VisuallyHidden } from '../../../components/VisuallyHidden';
import styles from './TicketPage.module.css';
import { Breadcrumb } from '../../../components/Breadcrumb';

export function TicketPage() {
  const { ticketRef = '' } = useParams();
  const [searchParams] = useSearchParams();
  const ticketQuery = useTicket(ticketRef);
  const ticket = ticketQuery.data;
  const session = useSession().data;
  const users = useUsers();
  const update = useUpdateTicket();
  const now = useNow(30_000);
  const timeZone = useOfficeTimeZone();
  const markRead = useMarkTicketRead();
  const undo = useUndoTicketChanges();
  const [toast, setToast] = useState<UndoToastContent | null>(null);
  const me = session?.user;
  const [mode, setMode] = useState<ComposeMode>(searchParams.get('compose') === 'note' ? 'note' : 'reply');
  const [drafting, setDrafting] = useState(false);
  const [closing, setClosing] = useState(false);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const outcomeRef = useRef<HTMLSelectElement>(null);
  // Ids of the replies already on the thread when this user opened it (or last sent): the baseline
  // for "someone else replied meanwhile". A baseline, not a copy of what is shown.
  const seenReplies = useRef<Set<string> | null>(null);
  if (ticket && seenReplies.current === null) seenReplies.current = outboundIds(ticket.messages);
  const viewers = usePresence(ticket?.id, drafting ? 'replying' : 'viewing');

  const unseenBy = (messages: MessageDto[]) =>
    messages.filter((message) => message.kind === 'outbound' && message.author?.id !== me?.id && !seenReplies.current?.has(message.id));

  useEffect(() => {
    if (searchParams.get('compose') && ticket) composerRef.current?.focus();
    // Only when the ticket first arrives: later refetches must not steal focus.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [ticket?.id]);

  // Read up to the newest message shown: mail that arrives later stays unread until it is shown too.
  const newestMessageId = ticket?.messages.at(-1)?.id;
  const { mutate: markReadUpTo } = markRead;
  useEffect(() => {
    if (ticket && newestMessageId) markReadUpTo({ id: ticket.id, upToMessageId: newestMessageId });
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [ticket?.id, newestMessageId, markReadUpTo]);

  useEffect(() => {
    if (closing) outcomeRef.current?.focus();
  }, [closing]);

  const compose = (next: ComposeMode) => {
    setMode(next);
    // The textarea re-renders for the mode first.
    window.setTimeout(() => composerRef.current?.focus(), 0);
  };
  useKeyboardShortcuts(
    {
      r: () => compose('reply'),
      n: () => compose('note'),
      a: () => {
        if (!ticket || !me) return;
        const before = ticket;
        if (before.assignee?.id === me.id) {
          setToast({ message: `${before.reference} is already assigned to you.` });
          return;
        }
        const change = { assigneeId: me.id };
        update.mutate(
          { id: before.id, patch: change },
          {
            onSuccess: (after) =>
              setToast({
                message: `${after.reference} assigned to you${before.assignee ? ` (was ${before.assignee.name})` : ''}.`,
                onUndo: () => undo.mutateAsync([{ before, change, after }]),
              }),
          },
        );
      },
      e: () => setClosing(true),
    },
    !!ticket,
  );

  if (!ticket && ticketQuery.isError) {
    return (
      <>
        <title>Inquiry · Newsdesk</title>
        <p>
          <Link to="/">Back to the queue</Link>
        </p>
        <ErrorPanel
          title={isForbidden(ticketQuery.error) ? 'You may not open this inquiry.' : 'The inquiry could not load.'}
          error={ticketQuery.error}
          onRetry={() => void ticketQuery.refetch()}
        />
      </>
    );
  }
  if (!ticket) return <p role="status">Loading the inquiry…</p>;

  return (
    <div className="ticket-page">
      <title>{`${ticket.reference} ${ticket.subject} · Newsdesk`}</title>
      <Breadcrumb parentTo="/" parentLabel="Queue" current={ticket.reference} />
      <TicketHeader ticket={ticket} now={now} timeZone={timeZone}>
        {me && <PresenceList viewers={viewers} meId={me.id} />}
      </TicketHeader>
      <div className={styles.ticketLayout}>
        <div className="ticket-main">
          <PossibleDuplicateNotice sameAs={ticket.possiblySameAs} />
          <RecentContactWarning contacts={ticket.recentContacts} now={now} />
          <VisuallyHidden as="h2">Conversation</VisuallyHidden>
          <Thread ticket={ticket} users={users.data ?? []} />
          {me && (
            <Composer
              ticket={ticket}
              me={me}
              mode={mode}
              onModeChange={setMode}
              unseenReplies={unseenBy(ticket.messages)}
              refresh={async () => unseenBy((await ticketQuery.refetch()).data?.messages ?? ticket.messages)}
              onSeen={() => {
                seenReplies.current = outboundIds(ticket.messages);
              }}
              onDraftingChange={setDrafting}
              textareaRef={composerRef}
            />
          )}
        </div>
        <aside className={styles.ticketAside} aria-label="Inquiry details">
          {me && (
            <TicketProperties
              key={ticket.id}
              ticket={ticket}
              users={users.data ?? []}
              meId={me.id}
              closing={closing}
              onClosingChange={setClosing}
              outcomeRef={outcomeRef}
              onClosed={(closed) =>
                setToast({
                  message: `${closed.before.reference} closed.`,
                  onUndo: () => undo.mutateAsync([closed]),
                })
              }
            />
          )}
          <ContactPanel ticket={ticket} />
          <RelatedInquiries ticket={ticket} />
        </aside>
      </div>
      <UndoToast toast={toast} onDismiss={() => setToast(null)} />
    </div>
  );
}

function outboundIds(messages: MessageDto[]): Set<string> {
  return new Set(messages.filter((message) => message.kind === 'outbound').map((message) => message.id));
}
