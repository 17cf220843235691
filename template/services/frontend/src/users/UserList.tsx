import type { UserPage } from "../api/client";

interface Props {
  page: UserPage;
  onPage(offset: number): void;
}

/** What the email column says for a user who signed up through the Telegram bot, without one. */
export const ON_TELEGRAM = "none (joined on Telegram)";

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
              <td>{user.email ?? ON_TELEGRAM}</td>
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
