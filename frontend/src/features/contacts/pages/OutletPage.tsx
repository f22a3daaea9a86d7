import { OUTLET_TIERS, type OutletTier } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { OutletDetailDto } from '@newsdesk/shared';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { hasRole } from '../../auth/components/RequireRole';
import { useSession } from '../../auth/hooks/useSession';
import { ContactsNav } from '../components/ContactsNav';
import { MergeForm } from '../components/MergeForm';
import { TicketHistory } from '../components/TicketHistory';
import { useMergeOutlet, useOutlet, useOutletList, useUpdateOutlet } from '../hooks/useContacts';
import { splitDomains } from '../outlet-domains';
import { SaveFooter } from '../../../components/SaveFooter';
import { LinkList } from '../../../components/LinkList';
import { SelectField } from '../../../components/SelectField';
import { Muted } from '../../../components/Muted';
import { TwoColumns } from '../../../components/TwoColumns';
import { Card } from '../../../components/Card';
import { Form } from '../../../components/Form';
import { Field, FieldHint } from '../../../components/Field';

export function OutletPage() {
  const { outletId = '' } = useParams();
  const outlet = useOutlet(outletId);
  const role = useSession().data?.user.role;

  return (
    <>
      <ContactsNav />
      {outlet.isPending && <p role="status">Loading…</p>}
      {outlet.isError && <ErrorPanel title="This outlet could not load." error={outlet.error} onRetry={() => void outlet.refetch()} />}
      {outlet.data && (
        <>
          <title>{`${outlet.data.name} · Newsdesk`}</title>
          <h1>{outlet.data.name}</h1>
          <p>
            <Link to={`/?status=all&outlet=${outlet.data.id}`}>All inquiries from {outlet.data.name} in the queue</Link>
          </p>
          <TwoColumns>
            <OutletForm key={outlet.data.updatedAt} outlet={outlet.data} />
            <div>
              <Card aria-labelledby="outlet-journalists">
                <h2 id="outlet-journalists">Journalists</h2>
                {outlet.data.journalists?.length ? (
                  <LinkList>
                    {outlet.data.journalists.map((journalist) => (
                      <li key={journalist.id}>
                        <Link to={`/contacts/journalists/${journalist.id}`}>{journalist.name ?? journalist.email ?? 'Unnamed'}</Link>
                      </li>
                    ))}
                  </LinkList>
                ) : (
                  <Muted as="p">None recorded.</Muted>
                )}
              </Card>
              <Card aria-labelledby="outlet-history">
                <h2 id="outlet-history">Inquiries</h2>
                <TicketHistory tickets={outlet.data.inquiries} />
              </Card>
            </div>
          </TwoColumns>
          {hasRole(role, ['admin', 'manager']) && <MergeOutlet outlet={outlet.data} />}
        </>
      )}
    </>
  );
}

function OutletForm({ outlet }: { outlet: OutletDetailDto }) {
  const id = useId();
  const update = useUpdateOutlet();
  const [draft, setDraft] = useState({ name: outlet.name, domains: outlet.domains.join(', '), tier: outlet.tier ?? '', notes: outlet.notes ?? '' });

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate({
      id: outlet.id,
      patch: {
        name: draft.name.trim(),
        domains: splitDomains(draft.domains),
        tier: (OUTLET_TIERS.find((tier) => tier === draft.tier) as OutletTier | undefined) ?? null,
        notes: draft.notes.trim() || null,
      },
    });
  }

  return (
    <Form card onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Outlet record</h2>
      <Field>
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })} required />
      </Field>
      <Field>
        <label htmlFor={`${id}-domains`}>Mail domains</label>
        <input id={`${id}-domains`} value={draft.domains} onChange={(event) => setDraft({ ...draft, domains: event.currentTarget.value })} aria-describedby={`${id}-domains-hint`} />
        <FieldHint id={`${id}-domains-hint`}>
          Mail from these domains is recognised as this outlet.
        </FieldHint>
      </Field>
      <SelectField label="Tier" value={draft.tier} values={OUTLET_TIERS} emptyLabel="Not set" onChange={(tier) => setDraft({ ...draft, tier })} />
      <Field>
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea id={`${id}-notes`} rows={4} value={draft.notes} onChange={(event) => setDraft({ ...draft, notes: event.currentTarget.value })} />
      </Field>
      <SaveFooter save={update} />
    </Form>
  );
}

function MergeOutlet({ outlet }: { outlet: OutletDetailDto }) {
  const navigate = useNavigate();
  const [search, setSearch] = useState(outlet.name);
  const candidates = useOutletList({ q: search.trim() || undefined });
  const merge = useMergeOutlet();
  const options = (candidates.data?.pages.flatMap((page) => page.items) ?? [])
    .filter((candidate) => candidate.id !== outlet.id)
    .map((candidate) => ({ id: candidate.id, label: candidate.name }));
  return (
    <MergeForm
      noun="outlet"
      currentName={outlet.name}
      candidates={options}
      search={search}
      onSearch={setSearch}
      pending={merge.isPending}
      error={merge.error}
      onMerge={(intoId) => merge.mutate({ id: outlet.id, intoId }, { onSuccess: () => void navigate(`/contacts/outlets/${intoId}`, { replace: true }) })}
    />
  );
}
