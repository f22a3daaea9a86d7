import { Link } from 'react-router';
import { ContactsNav } from '../components/ContactsNav';
import { useJournalistList } from '../hooks/useContacts';
import { LoadMore } from '../../../components/LoadMore';
import { QueryTable } from '../../../components/DataTable';
import { SearchForm, useSearchText } from '../../../components/SearchForm';

export function JournalistsPage() {
  const { q, draft, setDraft, submit } = useSearchText();
  const list = useJournalistList({ q: q || undefined });
  const journalists = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <title>Journalists · Newsdesk</title>
      <ContactsNav />
      <h1>Journalists</h1>
      <SearchForm label="Find journalists" placeholder="Name or address" value={draft} onChange={setDraft} onSubmit={submit} />
      <QueryTable
        query={list}
        rows={journalists.length}
        loading="Loading journalists…"
        failed="Journalists could not load."
        empty="No journalists found."
        caption="Journalists"
        headers={['Name', 'Email', 'Outlet', 'Beat']}
      >
        {journalists.map((journalist) => (
          <tr key={journalist.id}>
            <th scope="row">
              <Link to={`/contacts/journalists/${journalist.id}`}>{journalist.name ?? journalist.email ?? 'Unnamed'}</Link>
            </th>
            <td>{journalist.email ?? '—'}</td>
            <td>{journalist.outlet ? <Link to={`/contacts/outlets/${journalist.outlet.id}`}>{journalist.outlet.name}</Link> : '—'}</td>
            <td>{journalist.beat ?? '—'}</td>
          </tr>
        ))}
      </QueryTable>
      <LoadMore pages={list} />
    </>
  );
}
