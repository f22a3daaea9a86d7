import type { JournalistSummaryDto } from '@newsdesk/shared';
import { useId, useState } from 'react';
import { useJournalistList } from '../../contacts/hooks/useContacts';
import { Field, FieldHint, Fieldset } from '../../../components/Field';
import { Button } from '../../../components/Button';

/** Either an existing journalist, or the details of a new one (created with the ticket). */
export type JournalistChoice = { kind: 'existing'; journalist: JournalistSummaryDto } | { kind: 'new'; name: string; email: string; phone: string };

interface JournalistPickerProps {
  value: JournalistChoice;
  onChange: (value: JournalistChoice) => void;
  /** Which new-journalist fields to offer (a call may give a phone number, a mail needs an address). */
  fields: readonly ('name' | 'email' | 'phone')[];
}

const FIELD_LABELS = { name: 'Name', email: 'Email', phone: 'Phone' } as const;

/** Find a journalist in the directory by name, address or outlet, or enter a new one. */
export function JournalistPicker({ value, onChange, fields }: JournalistPickerProps) {
  const id = useId();
  const [search, setSearch] = useState('');
  const q = search.trim();
  const results = useJournalistList({ q });
  const matches = q.length >= 2 ? (results.data?.pages[0]?.items.slice(0, 6) ?? []) : [];

  if (value.kind === 'existing') {
    const { journalist } = value;
    return (
      <Fieldset>
        <legend>Journalist</legend>
        <p>
          <strong>{journalist.name ?? journalist.email}</strong>
          {journalist.email && journalist.name ? ` <${journalist.email}>` : ''}
          {journalist.outlet ? `, ${journalist.outlet.name}` : ''}{' '}
          <Button variant="link" type="button" onClick={() => onChange({ kind: 'new', name: '', email: '', phone: '' })}>
            Change
          </Button>
        </p>
      </Fieldset>
    );
  }

  return (
    <Fieldset>
      <legend>Journalist</legend>
      <Field>
        <label htmlFor={`${id}-search`}>Find in contacts</label>
        <input id={`${id}-search`} type="search" value={search} onChange={(event) => setSearch(event.currentTarget.value)} placeholder="Name, address or outlet" autoComplete="off" />
      </Field>
      {matches.length > 0 && (
        <ul className="picker-results" aria-label="Matching journalists">
          {matches.map((journalist) => (
            <li key={journalist.id}>
              <Button variant="link" type="button" onClick={() => onChange({ kind: 'existing', journalist })}>
                {journalist.name ?? journalist.email}
                {journalist.email && journalist.name ? ` <${journalist.email}>` : ''}
                {journalist.outlet ? ` · ${journalist.outlet.name}` : ''}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <FieldHint>Or a new journalist:</FieldHint>
      {fields.map((field) => (
        <Field key={field}>
          <label htmlFor={`${id}-${field}`}>{FIELD_LABELS[field]}</label>
          <input
            id={`${id}-${field}`}
            type={field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'}
            value={value[field]}
            maxLength={field === 'phone' ? 40 : 200}
            onChange={(event) => onChange({ ...value, [field]: event.currentTarget.value })}
          />
        </Field>
      ))}
    </Fieldset>
  );
}
