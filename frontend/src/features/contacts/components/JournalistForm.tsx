import { useId, useState, type FormEvent } from 'react';
import type { JournalistDetailDto } from '@newsdesk/shared';
import { useUpdateJournalist } from '../hooks/useContacts';
import { useOutlets } from '../hooks/useOutlets';
import { useUsers } from '../../users/hooks/useUsers';
import { PREFERRED_CONTACT_LABELS, PREFERRED_CONTACTS } from '../preferred-contact';
import { SaveFooter } from '../../../components/SaveFooter';
import { SelectField } from '../../../components/SelectField';
import { OutletOptions } from './OutletOptions';
import { Form } from '../../../components/Form';
import { Field, FieldHint } from '../../../components/Field';

/** A journalist's record: name, addresses, outlet, beat, preferred contact, relationship owner, notes. */
export function JournalistForm({ journalist }: { journalist: JournalistDetailDto }) {
  const id = useId();
  const update = useUpdateJournalist();
  const outlets = useOutlets();
  const users = useUsers();
  const [draft, setDraft] = useState({
    name: journalist.name ?? '',
    email: journalist.email ?? '',
    phone: journalist.phone ?? '',
    beat: journalist.beat ?? '',
    notes: journalist.notes ?? '',
    outletId: journalist.outlet?.id ?? '',
    preferredContact: journalist.preferredContact ?? '',
    relationshipOwnerId: journalist.relationshipOwner?.id ?? '',
  });
  const owners = (users.data ?? []).filter((user) => user.active || user.id === journalist.relationshipOwner?.id);
  const set = (field: keyof typeof draft) => (event: { currentTarget: { value: string } }) => setDraft({ ...draft, [field]: event.currentTarget.value });
  const outletChoices = outlets.data?.items ?? [];

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const orNull = (value: string) => value.trim() || null;
    update.mutate({
      id: journalist.id,
      patch: {
        name: orNull(draft.name),
        email: orNull(draft.email),
        phone: orNull(draft.phone),
        beat: orNull(draft.beat),
        notes: orNull(draft.notes),
        outletId: draft.outletId || null,
        preferredContact: PREFERRED_CONTACTS.find((value) => value === draft.preferredContact) ?? null,
        relationshipOwnerId: draft.relationshipOwnerId || null,
      },
    });
  }

  return (
    <Form card onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Contact record</h2>
      <Field>
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={draft.name} onChange={set('name')} maxLength={200} />
      </Field>
      <Field>
        <label htmlFor={`${id}-email`}>Email</label>
        <input id={`${id}-email`} type="email" value={draft.email} onChange={set('email')} maxLength={254} />
      </Field>
      <Field>
        <label htmlFor={`${id}-phone`}>Phone</label>
        <input id={`${id}-phone`} type="tel" value={draft.phone} onChange={set('phone')} maxLength={40} />
      </Field>
      <Field>
        <label htmlFor={`${id}-outlet`}>Outlet</label>
        <select id={`${id}-outlet`} value={draft.outletId} onChange={set('outletId')}>
          <option value="">None</option>
          {journalist.outlet && !outletChoices.some((outlet) => outlet.id === journalist.outlet?.id) && (
            <option value={journalist.outlet.id}>{journalist.outlet.name}</option>
          )}
          <OutletOptions outlets={outletChoices} />
        </select>
      </Field>
      <SelectField label="Preferred contact" value={draft.preferredContact} values={PREFERRED_CONTACTS} emptyLabel="Not known" optionLabel={(value) => PREFERRED_CONTACT_LABELS[value]} onChange={(preferredContact) => setDraft({ ...draft, preferredContact })} />
      <Field>
        <label htmlFor={`${id}-owner`}>Relationship owner</label>
        <select id={`${id}-owner`} value={draft.relationshipOwnerId} onChange={set('relationshipOwnerId')} aria-describedby={`${id}-owner-hint`}>
          <option value="">Nobody</option>
          {journalist.relationshipOwner && !owners.some((user) => user.id === journalist.relationshipOwner?.id) && (
            <option value={journalist.relationshipOwner.id}>{journalist.relationshipOwner.name}</option>
          )}
          {owners.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
        <FieldHint id={`${id}-owner-hint`}>
          The officer who knows this journalist best.
        </FieldHint>
      </Field>
      <Field>
        <label htmlFor={`${id}-beat`}>Beat</label>
        <input id={`${id}-beat`} value={draft.beat} onChange={set('beat')} maxLength={200} />
      </Field>
      <Field>
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea id={`${id}-notes`} rows={4} value={draft.notes} onChange={set('notes')} />
      </Field>
      <SaveFooter save={update} />
    </Form>
  );
}
