import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { ContactsNav } from '../components/ContactsNav';
import { useJournalistList } from '../hooks/useContacts';
import { LoadMore } from '../../../components/LoadMore';

export function JournalistsPage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const list = useJournalistList({ q: q || undefined });
  const journalists = list.data?.pages.flatMap((page) => page.items) ?? [];

  function handleSearch(event: FormEvent) {
    event.preventDefault();
    setParams(draft.trim() ? { q: draft.trim() } : {});
  }

  return (
    <>
      <title>Journalists · Newsdesk</title>
      <ContactsNav />
      <h1>Journalists</h1>
      <form role="search" className="queue-filters" onSubmit={handleSearch} aria-label="Find journalists">
        <div className="field queue-filters__search">
          <label htmlFor={`${id}-q`}>Search</label>
          <input id={`${id}-q`} type="search" value={draft} onChange={(event) => setDraft(event.currentTarget.value)} placeholder="Name or address" />
        </div>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {list.isPending && <p role="status">Loading journalists…</p>}
      {list.isError && <ErrorPanel title="Journalists could not load." error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && journalists.length === 0 && <p className="empty-state">No journalists found.</p>}
      {journalists.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Journalists</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Outlet</th>
                <th scope="col">Beat</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pages={list} />
    </>
  );
}
