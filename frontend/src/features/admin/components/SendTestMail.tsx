import { useId, useState, type FormEvent } from 'react';
import { useSendTestMail } from '../hooks/useMailAdmin';
import { FormError } from '../../../components/FormError';
import { Notice } from '../../../components/Notice';
import { Card } from '../../../components/Card';
import { InlineForm } from '../../../components/Form';
import { Field } from '../../../components/Field';
import { Button } from '../../../components/Button';

/** Queues a test mail through the real outbox (admins). */
export function SendTestMail() {
  const id = useId();
  const send = useSendTestMail();
  const [to, setTo] = useState('');

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    send.mutate(to.trim());
  }

  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Send a test mail</h2>
      <InlineForm onSubmit={handleSubmit}>
        <Field>
          <label htmlFor={`${id}-to`}>Recipient</label>
          <input id={`${id}-to`} type="email" value={to} onChange={(event) => setTo(event.currentTarget.value)} required />
        </Field>
        <Button variant="primary" type="submit" disabled={send.isPending}>
          Send test
        </Button>
      </InlineForm>
      {send.isSuccess && (
        <Notice role="status">
          Test mail queued. Follow it in the outbox.
        </Notice>
      )}
      <FormError error={send.error} />
    </Card>
  );
}
