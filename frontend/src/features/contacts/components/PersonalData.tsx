import type { JournalistDetailDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { journalistExportUrl } from '../../../api/privacy';
import { Modal } from '../../../components/Modal';
import { useEraseJournalist } from '../hooks/usePrivacy';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { Notice } from '../../../components/Notice';
import { Card } from '../../../components/Card';
import { Form } from '../../../components/Form';
import { Field, FieldHint } from '../../../components/Field';
import { Button, ButtonRow } from '../../../components/Button';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Data-subject requests (admins): a copy of everything held about the journalist, or its erasure. */
export function PersonalData({ journalist }: { journalist: JournalistDetailDto }) {
  const id = useId();
  const [erasing, setErasing] = useState(false);
  const erase = useEraseJournalist();
  const label = journalist.name ?? journalist.email ?? 'this journalist';

  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Personal data</h2>
      <Muted as="p">Both are recorded in the audit log.</Muted>
      {erase.data ? (
        <Notice role="status">
          Erased: personal data removed from {count(erase.data.tickets, 'inquiry', 'inquiries')}, {count(erase.data.messages, 'message', 'messages')},{' '}
          {count(erase.data.rawMessages, 'stored mail', 'stored mails')} and {count(erase.data.attachments, 'attachment', 'attachments')}. The inquiries and
          their timings stay for the metrics.
        </Notice>
      ) : (
        <ButtonRow>
          <Button as="a" href={journalistExportUrl(journalist.id)} download={`journalist-${journalist.id}.json`}>
            Export their data (JSON)
          </Button>
          <Button variant="danger" type="button" onClick={() => setErasing(true)}>
            Erase personal data…
          </Button>
        </ButtonRow>
      )}
      {erasing && (
        <EraseDialog
          journalist={journalist}
          label={label}
          pending={erase.isPending}
          error={erase.error}
          onCancel={() => {
            erase.reset();
            setErasing(false);
          }}
          onConfirm={(confirm) => erase.mutate({ id: journalist.id, confirm }, { onSuccess: () => setErasing(false) })}
        />
      )}
    </Card>
  );
}

interface EraseDialogProps {
  journalist: JournalistDetailDto;
  label: string;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (confirm: string) => void;
}

/** Irreversible, so the address must be typed out: a slip of the mouse cannot erase anyone. */
export function EraseDialog({ journalist, label, pending, error, onCancel, onConfirm }: EraseDialogProps) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const expected = journalist.email ?? '';
  const matches = expected === '' || typed.trim().toLowerCase() === expected.toLowerCase();

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (matches && !pending) onConfirm(typed.trim());
  }

  return (
    <Modal title={`Erase ${label}’s personal data?`} onClose={onCancel}>
      <Form onSubmit={handleSubmit}>
        <p>
          Their name, addresses, phone, notes, the text and attachments of their mails and their raw mail are removed everywhere, for good. The inquiries
          stay, without them, so the metrics do not change.
        </p>
        {expected ? (
          <Field>
            <label htmlFor={`${id}-confirm`}>
              Type <strong>{expected}</strong> to confirm
            </label>
            <input
              id={`${id}-confirm`}
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              aria-describedby={`${id}-hint`}
            />
            <FieldHint id={`${id}-hint`}>
              The button unlocks once the address matches.
            </FieldHint>
          </Field>
        ) : (
          <Muted as="p">This journalist has no email address to type.</Muted>
        )}
        <FormError error={error} />
        <ButtonRow>
          <Button variant="danger" type="submit" disabled={!matches || pending}>
            {pending ? 'Erasing…' : 'Erase for good'}
          </Button>
          <Button type="button" onClick={onCancel}>
            Cancel
          </Button>
        </ButtonRow>
      </Form>
    </Modal>
  );
}
