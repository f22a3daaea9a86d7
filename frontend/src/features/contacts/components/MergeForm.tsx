import { useId, useState, type FormEvent } from 'react';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { Card } from '../../../components/Card';
import { Form } from '../../../components/Form';
import { Field } from '../../../components/Field';
import { Button } from '../../../components/Button';

interface MergeFormProps {
  /** What is merged, e.g. "journalist". */
  noun: string;
  currentName: string;
  candidates: { id: string; label: string }[];
  search: string;
  onSearch: (q: string) => void;
  pending: boolean;
  error: unknown;
  onMerge: (intoId: string) => void;
}

/** Picks the record this duplicate is merged into; the duplicate disappears. */
export function MergeForm({ noun, currentName, candidates, search, onSearch, pending, error, onMerge }: MergeFormProps) {
  const id = useId();
  const [intoId, setIntoId] = useState('');

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const target = candidates.find((candidate) => candidate.id === intoId);
    if (!target) return;
    if (window.confirm(`Merge “${currentName}” into “${target.label}”? Its inquiries move over and this ${noun} is removed.`)) onMerge(intoId);
  }

  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Merge a duplicate</h2>
      <Muted as="p">Moves everything of this {noun} onto another one and removes this one.</Muted>
      <Form onSubmit={handleSubmit}>
        <Field>
          <label htmlFor={`${id}-search`}>Find the {noun} to keep</label>
          <input id={`${id}-search`} type="search" value={search} onChange={(event) => onSearch(event.currentTarget.value)} />
        </Field>
        <Field>
          <label htmlFor={`${id}-into`}>Merge into</label>
          <select id={`${id}-into`} value={intoId} onChange={(event) => setIntoId(event.currentTarget.value)} required>
            <option value="">Choose…</option>
            {candidates.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.label}
              </option>
            ))}
          </select>
        </Field>
        <FormError error={error} />
        <div>
          <Button type="submit" disabled={pending || !intoId}>
            Merge
          </Button>
        </div>
      </Form>
    </Card>
  );
}
