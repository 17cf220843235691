import type { UserPage } from "../api/client";

interface Props {
  page: UserPage;
  onPage(offset: number): void;
}

/** One page of users, oldest first, with the way to the pages before and after it. */
export function UserList({ page, onPage }: Props) {
  if (page.total === 0) {
    return <p>No users yet: create the first one above.</p>;
  }
  const first = page.offset + 1;
  const last = page.offset + page.items.length;
  return (
    <section aria-label="Users">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((user) => (
            <tr key={user.id}>
              <td>{user.name}</td>
              <td>{user.email}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav aria-label="Pages">
        <button
          type="button"
          disabled={page.offset === 0}
          onClick={() => onPage(Math.max(0, page.offset - page.limit))}
        >
          Previous
        </button>
        <span>
          {first}–{last} of {page.total}
        </span>
        <button
          type="button"
          disabled={last >= page.total}
          onClick={() => onPage(page.offset + page.limit)}
        >
          Next
        </button>
      </nav>
    </section>
  );
}
