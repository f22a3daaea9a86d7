import { useState } from 'react';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useSession } from '../../auth/hooks/useSession';
import { useUsers } from '../../users/hooks/useUsers';
import { NewUserForm } from '../components/NewUserForm';
import { UserAccessPanel } from '../components/UserAccessPanel';
import { UsersTable } from '../components/UsersTable';

/** Staff accounts and their roles (admins only). */
export function UsersPage() {
  const users = useUsers();
  const meId = useSession().data?.user.id;
  const [managing, setManaging] = useState<string | null>(null);
  const managed = users.data?.find((user) => user.id === managing);

  return (
    <>
      <title>Users · Newsdesk</title>
      <h1>Users and roles</h1>
      {users.isPending && <p role="status">Loading users…</p>}
      {users.isError && <ErrorPanel title="Users could not load." error={users.error} onRetry={() => void users.refetch()} />}
      {users.data && <UsersTable users={users.data} meId={meId} onManage={setManaging} />}
      {managed && <UserAccessPanel key={managed.id} user={managed} onClose={() => setManaging(null)} />}
      <NewUserForm />
    </>
  );
}
