import type { UsersApi } from "./api/client";
import { UserForm } from "./users/UserForm";
import { UserList } from "./users/UserList";
import { useUsers } from "./users/useUsers";

export const PAGE_SIZE = 10;

interface Props {
  api: UsersApi;
  pageSize?: number;
}

/** The users page: a form that creates one, and the list, a page at a time. */
export function App({ api, pageSize = PAGE_SIZE }: Props) {
  const users = useUsers(api, pageSize);
  return (
    <main>
      <h1>Users</h1>
      <UserForm api={api} onCreated={() => users.showLast((users.page?.total ?? 0) + 1)} />
      {users.error && <p role="alert">{users.error}</p>}
      {users.page ? <UserList page={users.page} onPage={users.goTo} /> : <p>Loading users…</p>}
    </main>
  );
}
