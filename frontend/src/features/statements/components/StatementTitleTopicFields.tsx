import { Field } from '../../../components/Field';
interface StatementTitleTopicFieldsProps {
  id: string;
  draft: { title: string; topic: string };
  set: (field: 'title' | 'topic') => (event: { currentTarget: { value: string } }) => void;
}

/** A statement's title (required) and topic, with the API's length limits: new statement and details form. */
export function StatementTitleTopicFields({ id, draft, set }: StatementTitleTopicFieldsProps) {
  return (
    <>
      <Field>
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} value={draft.title} onChange={set('title')} required maxLength={200} />
      </Field>
      <Field>
        <label htmlFor={`${id}-topic`}>Topic</label>
        <input id={`${id}-topic`} value={draft.topic} onChange={set('topic')} maxLength={64} />
      </Field>
    </>
  );
}
