import type { StoryDetailDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useApprovedStatements } from '../../statements/hooks/useStatements';
import { useSendStoryStatement } from '../hooks/useStoryMutations';
import { StatementResults } from './StatementResults';
import { StatementPreview } from '../../statements/components/StatementPreview';
import { FormError } from '../../../components/FormError';
import { ApprovedStatementOptions, usableStatements } from '../../statements/components/ApprovedStatementOptions';
import { Muted } from '../../../components/Muted';
import { Notice } from '../../../components/Notice';
import { Card } from '../../../components/Card';
import { Form } from '../../../components/Form';
import { Field } from '../../../components/Field';
import { Button, ButtonRow } from '../../../components/Button';

type AfterSending = '' | 'pending' | 'resolved';

const AFTER_SENDING_LABELS: Record<AfterSending, string> = {
  '': 'Leave each status as it is',
  pending: 'Mark each inquiry pending',
  resolved: 'Mark each inquiry resolved (statement given)',
};

/** One approved library statement to every journalist in the story, each as their own threaded reply. */
export function SendStatementPanel({ story }: { story: StoryDetailDto }) {
  const id = useId();
  const statements = useApprovedStatements();
  const send = useSendStoryStatement();
  const [statementId, setStatementId] = useState('');
  const [afterSending, setAfterSending] = useState<AfterSending>('');
  const [confirming, setConfirming] = useState(false);
  const usable = usableStatements(statements.data);
  const chosen = usable.find((statement) => statement.id === statementId);
  const recipients = story.tickets.filter((ticket) => ticket.journalist?.email).length;
  const sentTitle = usable.find((statement) => statement.id === send.variables?.input.statementId)?.title ?? 'the statement';

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    send.mutate({ id: story.id, input: { statementId: chosen.id, status: afterSending || undefined } });
  }

  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Send a statement to all</h2>
      <Muted as="p">
        Every journalist gets their own reply, threaded on their inquiry; nobody sees the others. Only approved statements from the{' '}
        <Link to="/statements">statement library</Link> can be sent.
      </Muted>
      <Form onSubmit={handleSubmit}>
        <Field>
          <label htmlFor={`${id}-statement`}>Statement</label>
          <select
            id={`${id}-statement`}
            value={statementId}
            onChange={(event) => {
              setStatementId(event.currentTarget.value);
              setConfirming(false);
            }}
            required
            disabled={!usable.length}
          >
            <option value="">{statements.isPending ? 'Loading statements…' : usable.length ? 'Choose an approved statement…' : 'No approved statements yet'}</option>
            <ApprovedStatementOptions statements={usable} />
          </select>
        </Field>
        {chosen?.currentVersion && (
          <StatementPreview
            caption={
              <>
                Version {chosen.currentVersion.version}
                {chosen.currentVersion.approvedBy ? `, approved by ${chosen.currentVersion.approvedBy.name}` : ''}
                {chosen.stale ? ' · past its review date' : ''}
              </>
            }
            body={chosen.currentVersion.body}
          />
        )}
        <Field>
          <label htmlFor={`${id}-after`}>After sending</label>
          <select
            id={`${id}-after`}
            value={afterSending}
            onChange={(event) => setAfterSending((['', 'pending', 'resolved'] as const).find((value) => value === event.currentTarget.value) ?? '')}
          >
            {(['', 'pending', 'resolved'] as const).map((value) => (
              <option key={value} value={value}>
                {AFTER_SENDING_LABELS[value]}
              </option>
            ))}
          </select>
        </Field>
        {confirming && chosen && (
          <Notice tone="warning" role="alert">
            Send “{chosen.title}” to {recipients} {recipients === 1 ? 'journalist' : 'journalists'}, each as a separate reply?
          </Notice>
        )}
        <FormError error={send.error} />
        <ButtonRow>
          <Button variant="primary" type="submit" disabled={!chosen || send.isPending}>
            {send.isPending ? 'Sending…' : confirming ? 'Yes, send to all' : `Send to all ${story.tickets.length} inquiries`}
          </Button>
          {confirming && (
            <Button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          )}
        </ButtonRow>
      </Form>
      {send.data && <StatementResults result={send.data} title={sentTitle} tickets={story.tickets} />}
    </Card>
  );
}
