import { useEffect, useState } from "react";
import type { UserPage, UsersApi } from "../api/client";

export interface Users {
  page: UserPage | null;
  error: string;
  /** Show the page that starts at this offset (loaded again even when it is the current one). */
  goTo(offset: number): void;
  /** Show the last page of `total` users: where a user created a moment ago is (oldest first). */
  showLast(total: number): void;
}

/** One page of users from the API; each request (a new object) loads its page. */
export function useUsers(api: UsersApi, pageSize: number): Users {
  const [request, setRequest] = useState({ offset: 0 });
  const [page, setPage] = useState<UserPage | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    let current = true;
    void api.listUsers(pageSize, request.offset).then((result) => {
      if (!current) {
        return;
      }
      if (result.ok) {
        setPage(result.value);
        setError("");
      } else {
        setError(result.message);
      }
    });
    return () => {
      current = false;
    };
  }, [api, pageSize, request]);

  return {
    page,
    error,
    goTo: (offset) => setRequest({ offset }),
    showLast: (total) =>
      setRequest({ offset: Math.floor(Math.max(total - 1, 0) / pageSize) * pageSize }),
  };
}
