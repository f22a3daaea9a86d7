import { REQUEST_TYPES, type RequestType } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { LoggedInquiryInput } from '../../../api/tickets';
import { useOutlets } from '../../contacts/hooks/useOutlets';
import { JournalistPicker, type JournalistChoice } from '../components/JournalistPicker';
import { useLogInquiry } from '../hooks/useLogInquiry';
import { fromLocalInput } from '../local-datetime';
import { REQUEST_TYPE_NAMES } from '../ticket-labels';
import { FormError } from '../../../components/FormError';
import { SelectField } from '../../../components/SelectField';
import { OutletOptions } from '../../contacts/components/OutletOptions';
import { PageHeader } from '../../../components/Page';
import { CheckboxField, Field, Fieldset } from '../../../components/Field';
import { Button, ButtonRow } from '../../../components/Button';

const CHANNELS = [
  { value: 'phone', label: 'Phone call' },
  { value: 'in_person', label: 'In person' },
] as const;

/** An inquiry that came by phone or in person becomes a ticket like a mail would. */
export function LogInquiryPage() {
  const id = useId();
  const navigate = useNavigate();
  const logInquiry = useLogInquiry();
  const outlets = useOutlets();
  const [channel, setChannel] = useState<LoggedInquiryInput['channel']>('phone');
  const [journalist, setJournalist] = useState<JournalistChoice>({ kind: 'new', name: '', email: '', phone: '' });
  const [outletId, setOutletId] = useState('');
  const [deadline, setDeadline] = useState('');
  const [requestType, setRequestType] = useState<RequestType>('comment');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input: LoggedInquiryInput = { channel, subject, text, requestType };
    if (journalist.kind === 'existing') input.journalistId = journalist.journalist.id;
    else if (journalist.name.trim() || journalist.email.trim() || journalist.phone.trim()) {
      input.journalist = {
        name: journalist.name.trim() || undefined,
        email: journalist.email.trim() || undefined,
        phone: journalist.phone.trim() || undefined,
      };
    }
    if (outletId) input.outletId = outletId;
    const deadlineAt = fromLocalInput(deadline);
    if (deadlineAt) input.deadlineAt = deadlineAt;
    logInquiry.mutate(input, { onSuccess: (ticket) => void navigate(`/tickets/${ticket.reference}`) });
  }

  return (
    <>
      <title>Log an inquiry · Newsdesk</title>
      <PageHeader>
        <h1>Log a phone or in-person inquiry</h1>
      </PageHeader>
      <form onSubmit={submit}>
        <Fieldset>
          <legend>How it came in</legend>
          {CHANNELS.map((option) => (
            <CheckboxField as="label" key={option.value}>
              <input type="radio" name={`${id}-channel`} value={option.value} checked={channel === option.value} onChange={() => setChannel(option.value)} />
              {option.label}
            </CheckboxField>
          ))}
        </Fieldset>
        <JournalistPicker value={journalist} onChange={setJournalist} fields={['name', 'email', 'phone']} />
        <Field>
          <label htmlFor={`${id}-outlet`}>Outlet</label>
          <select id={`${id}-outlet`} value={outletId} onChange={(event) => setOutletId(event.currentTarget.value)}>
            <option value="">From the journalist’s record</option>
            <OutletOptions outlets={outlets.data?.items} />
          </select>
        </Field>
        <Field>
          <label htmlFor={`${id}-deadline`}>Deadline</label>
          <input id={`${id}-deadline`} type="datetime-local" value={deadline} onChange={(event) => setDeadline(event.currentTarget.value)} />
        </Field>
        <SelectField label="Request type" value={requestType} values={REQUEST_TYPES} optionLabel={(type) => REQUEST_TYPE_NAMES[type]} onChange={(type) => type && setRequestType(type)} />
        <Field>
          <label htmlFor={`${id}-subject`}>Subject</label>
          <input id={`${id}-subject`} value={subject} onChange={(event) => setSubject(event.currentTarget.value)} maxLength={500} required />
        </Field>
        <Field>
          <label htmlFor={`${id}-text`}>What they asked</label>
          <textarea id={`${id}-text`} value={text} onChange={(event) => setText(event.currentTarget.value)} rows={6} required />
        </Field>
        <FormError error={logInquiry.error} />
        <ButtonRow>
          <Button variant="primary" type="submit" disabled={logInquiry.isPending}>
            {logInquiry.isPending ? 'Logging…' : 'Log inquiry'}
          </Button>
        </ButtonRow>
      </form>
    </>
  );
}
