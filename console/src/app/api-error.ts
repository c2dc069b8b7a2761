// What the server said about refused input: a summary and messages per field, already in the
// console's language (the server localizes them; the console never rewrites a rule's text).
export interface ApiError {
  message: string;
  data?: { code?: string; fieldErrors?: Record<string, string[]> | null } | null;
}

/** The error's messages for one field (its path in the input, e.g. "adjusted.cpu"), joined. */
export function fieldError(error: ApiError | null | undefined, field: string): string | undefined {
  return error?.data?.fieldErrors?.[field]?.join(' · ');
}

/** A number field's value: empty is not zero, it is missing (the server says so on the field). */
export function numberOf(form: FormData, name: string): number | undefined {
  const v = String(form.get(name) ?? '').trim();
  return v === '' ? undefined : Number(v);
}
