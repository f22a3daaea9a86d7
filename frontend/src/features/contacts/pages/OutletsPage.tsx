import { OUTLET_TIERS, type OutletTier } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ContactsNav } from '../components/ContactsNav';
import { useCreateOutlet, useOutletList } from '../hooks/useContacts';
import { splitDomains } from '../outlet-domains';
import { LoadMore } from '../../../components/LoadMore';
import { QueryTable } from '../../../components/DataTable';
import { SearchForm, useSearchText } from '../../../components/SearchForm';
import { FormError } from '../../../components/FormError';
import { SelectField } from '../../../components/SelectField';
import { Form } from '../../../components/Form';
import { Field } from '../../../components/Field';
import { Button } from '../../../components/Button';

export function OutletsPage() {
  const { q, draft, setDraft, submit } = useSearchText();
  const list = useOutletList({ q: q || undefined });
  const outlets = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <title>Outlets · Newsdesk</title>
      <ContactsNav />
      <h1>Outlets</h1>
      <SearchForm label="Find outlets" placeholder="Name or domain" value={draft} onChange={setDraft} onSubmit={submit} />
      <QueryTable
        query={list}
        rows={outlets.length}
        loading="Loading outlets…"
        failed="Outlets could not load."
        empty="No outlets found."
        caption="Outlets"
        headers={['Name', 'Mail domains', 'Tier']}
      >
        {outlets.map((outlet) => (
          <tr key={outlet.id}>
            <th scope="row">
              <Link to={`/contacts/outlets/${outlet.id}`}>{outlet.name}</Link>
            </th>
            <td>{outlet.domains.join(', ') || '—'}</td>
            <td>{outlet.tier ?? '—'}</td>
          </tr>
        ))}
      </QueryTable>
      <LoadMore pages={list} />
      <NewOutletForm />
    </>
  );
}

function NewOutletForm() {
  const id = useId();
  const create = useCreateOutlet();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [domains, setDomains] = useState('');
  const [tier, setTier] = useState<OutletTier | ''>('');

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), domains: splitDomains(domains), tier: tier || null },
      { onSuccess: (outlet) => void navigate(`/contacts/outlets/${outlet.id}`) },
    );
  }

  return (
    <Form card columns onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add an outlet</h2>
      <Field>
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} onChange={(event) => setName(event.currentTarget.value)} required maxLength={200} />
      </Field>
      <Field>
        <label htmlFor={`${id}-domains`}>Mail domains</label>
        <input id={`${id}-domains`} value={domains} onChange={(event) => setDomains(event.currentTarget.value)} placeholder="paper.example, paper.co.example" />
      </Field>
      <SelectField label="Tier" value={tier} values={OUTLET_TIERS} emptyLabel="Not set" onChange={setTier} />
      <FormError error={create.error} />
      <div>
        <Button variant="primary" type="submit" disabled={create.isPending}>
          Add outlet
        </Button>
      </div>
    </Form>
  );
}
