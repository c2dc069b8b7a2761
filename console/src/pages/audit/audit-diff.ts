// What an audit entry changed, field by field, instead of two blobs of JSON: only the fields whose
// value differs, each as "field: before → after".
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const shown = (v: unknown): string =>
  v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

export function auditDiff(before: unknown, after: unknown): FieldChange[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((k) => shown(b[k]) !== shown(a[k]))
    .map((k) => ({ field: k, before: shown(b[k]), after: shown(a[k]) }));
}
