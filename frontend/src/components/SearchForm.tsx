import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { FilterBar, FilterBarSearch } from './FilterBar';
import { Button } from './Button';

interface SearchFormProps {
  /** The form's name for screen readers ("Find journalists"). */
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  /** Further filters between the search box and the button. */
  children?: ReactNode;
}

/** The search row above a list: the text to look for, any further filters, and Search. */
export function SearchForm({ label, placeholder, value, onChange, onSubmit, children }: SearchFormProps) {
  const id = useId();
  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }
  return (
    <FilterBar role="search" label={label} onSubmit={handleSubmit}>
      <FilterBarSearch>
        <label htmlFor={`${id}-q`}>Search</label>
        <input id={`${id}-q`} type="search" value={value} onChange={(event) => onChange(event.currentTarget.value)} placeholder={placeholder} />
      </FilterBarSearch>
      {children}
      <Button type="submit">
        Search
      </Button>
    </FilterBar>
  );
}

/** The list's search text in the address (`?q=`), and the draft being typed until Search; other parameters stay. */
export function useSearchText() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  function submit() {
    const next = new URLSearchParams(params);
    if (draft.trim()) next.set('q', draft.trim());
    else next.delete('q');
    setParams(next);
  }
  return { q, draft, setDraft, submit };
}
