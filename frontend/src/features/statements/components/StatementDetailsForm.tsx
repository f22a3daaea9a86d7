import type { StatementDetailDto, UserDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { SaveFooter } from '../../../components/SaveFooter';
import { useUsers } from '../../users/hooks/useUsers';
import { useUpdateStatement } from '../hooks/useStatementMutations';
import { StatementTitleTopicFields } from './StatementTitleTopicFields';
import { Form } from '../../../components/Form';
import { Field, FieldHint } from '../../../components/Field';

/** Title and topic for everyone; owner and review date for managers and admins. */
export function StatementDetailsForm({ statement, governs }: { statement: StatementDetailDto; governs: boolean }) {
  const id = useId();
  const update = useUpdateStatement();
  const users = useUsers();
  const [draft, setDraft] = useState({
    title: statement.title,
    topic: statement.topic ?? '',
    ownerId: statement.owner?.id ?? '',
    reviewBy: statement.reviewBy ?? '',
  });
  const set = (field: keyof typeof draft) => (event: { currentTarget: { value: string } }) => setDraft({ ...draft, [field]: event.currentTarget.value });
  const owners: Pick<UserDto, 'id' | 'name'>[] = (users.data ?? []).filter((user) => user.active || user.id === statement.owner?.id);

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate({
      id: statement.id,
      patch: {
        title: draft.title.trim(),
        topic: draft.topic.trim() || null,
        ...(governs ? { ownerId: draft.ownerId || null, reviewBy: draft.reviewBy || null } : {}),
      },
    });
  }

  return (
    <Form card onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Details</h2>
      <StatementTitleTopicFields id={id} draft={draft} set={set} />
      <Field>
        <label htmlFor={`${id}-owner`}>Owner</label>
        <select id={`${id}-owner`} value={draft.ownerId} onChange={set('ownerId')} disabled={!governs}>
          <option value="">Nobody</option>
          {statement.owner && !owners.some((user) => user.id === statement.owner?.id) && <option value={statement.owner.id}>{statement.owner.name}</option>}
          {owners.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
      </Field>
      <Field>
        <label htmlFor={`${id}-review`}>Review by</label>
        <input id={`${id}-review`} type="date" value={draft.reviewBy} onChange={set('reviewBy')} disabled={!governs} aria-describedby={governs ? undefined : `${id}-review-hint`} />
        {!governs && (
          <FieldHint id={`${id}-review-hint`}>
            Managers and admins set the owner and the review date.
          </FieldHint>
        )}
      </Field>
      <SaveFooter save={update} label="Save details" />
    </Form>
  );
}
