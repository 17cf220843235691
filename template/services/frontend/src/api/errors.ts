/**
 * What the person using the app reads when the API says no.
 *
 * The backend answers a domain error (409: the email is taken) with `{"detail": "<message>"}`
 * and a validation error (422) with FastAPI's `{"detail": [{"loc": [...], "msg": "..."}]}`:
 * the first becomes the form's message, the second a message per field.
 */

export interface Failure {
  message: string;
  fields: Record<string, string>;
}

const GENERIC: Record<number, string> = {
  404: "Not found.",
  409: "That conflicts with what is already stored.",
  422: "Some fields are not valid.",
};

export function failure(response: Response, body: unknown): Failure {
  const detail = isRecord(body) ? body.detail : undefined;
  if (typeof detail === "string" && detail) {
    return { message: sentence(detail), fields: {} };
  }
  if (Array.isArray(detail)) {
    return { message: GENERIC[422] ?? "", fields: fieldErrors(detail) };
  }
  if (response.status >= 500) {
    return { message: `The server failed (${response.status}); try again later.`, fields: {} };
  }
  const known = GENERIC[response.status];
  return { message: known ?? `The request was refused (${response.status}).`, fields: {} };
}

export function unreachable(): Failure {
  return {
    message: "The server cannot be reached; check the connection and try again.",
    fields: {},
  };
}

/** FastAPI's `loc` is `["body", "email"]`: the last part names the field. */
function fieldErrors(items: unknown[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const item of items) {
    if (!isRecord(item) || !Array.isArray(item.loc) || typeof item.msg !== "string") {
      continue;
    }
    const field = String(item.loc[item.loc.length - 1] ?? "");
    fields[field] ??= sentence(item.msg);
  }
  return fields;
}

function sentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
