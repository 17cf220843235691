import { type FormEvent, useId, useState } from "react";
import type { User, UsersApi } from "../api/client";
import type { Failure } from "../api/errors";

interface Props {
  api: UsersApi;
  onCreated(user: User): void;
}

const NO_FAILURE: Failure = { message: "", fields: {} };

/**
 * Create a user. The API validates (the browser's own checks are off, so what the person reads
 * is what the API says): its message goes above the form, a field's message under that field.
 */
export function UserForm({ api, onCreated }: Props) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [failure, setFailure] = useState(NO_FAILURE);
  const [created, setCreated] = useState("");
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const result = await api.createUser({ name, email });
    setBusy(false);
    if (result.ok) {
      setName("");
      setEmail("");
      setFailure(NO_FAILURE);
      setCreated(`Created ${result.value.name}.`);
      onCreated(result.value);
    } else {
      setFailure(result);
      setCreated("");
    }
  }

  return (
    <form aria-label="New user" noValidate onSubmit={submit}>
      {failure.message && <p role="alert">{failure.message}</p>}
      {created && <p role="status">{created}</p>}
      <Field id={`${id}-name`} label="Name" error={failure.fields.name}>
        <input
          id={`${id}-name`}
          value={name}
          autoComplete="name"
          onChange={(event) => setName(event.target.value)}
        />
      </Field>
      <Field id={`${id}-email`} label="Email" error={failure.fields.email}>
        <input
          id={`${id}-email`}
          type="email"
          value={email}
          autoComplete="email"
          onChange={(event) => setEmail(event.target.value)}
        />
      </Field>
      <button type="submit" disabled={busy}>
        Create user
      </button>
    </form>
  );
}

interface FieldProps {
  id: string;
  label: string;
  error: string | undefined;
  children: React.ReactNode;
}

function Field({ id, label, error, children }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <small className="error" id={`${id}-error`}>
          {error}
        </small>
      )}
    </div>
  );
}
