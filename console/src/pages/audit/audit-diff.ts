// What an audit entry changed, field by field, instead of two blobs of JSON: only the fields whose
// value differs, each as "field: before → after", with the values as the reader knows them (a
// request's status in words, a time in the reader's zone, amounts in their units).
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const empty = (v: unknown) => v === null || v === undefined || v === '';
const same = (a: unknown, b: unknown) => (empty(a) && empty(b)) || JSON.stringify(a) === JSON.stringify(b);

/** A request's trail is the history the audit itself is: the entry says the step, not the list again. */
const HISTORY = new Set(['trail']);

export function auditDiff(before: unknown, after: unknown): FieldChange[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((k) => !HISTORY.has(k) && !same(b[k], a[k]))
    .map((k) => ({ field: k, before: b[k], after: a[k] }));
}

const GIB = 1024 ** 3;

/** One change as a sentence in the reader's language. */
export function useAuditChangeText(): (c: FieldChange) => string {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const word = (key: string, v: string) => (i18n.exists(`${key}.${v}`) ? t(`${key}.${v}`) : v);
  const value = (field: string, v: unknown): string => {
    if (empty(v)) return '—';
    if (typeof v === 'boolean') return v ? t('dependencies.yes') : t('dependencies.no');
    if (field === 'status' && typeof v === 'string') return word('requests.statuses', v);
    if (field === 'role' && typeof v === 'string') return word('roles', v);
    if (field === 'step' && typeof v === 'string') return word('requests.steps', v);
    if (field === 'kind' && typeof v === 'string') return word('requests.kinds', v);
    if (typeof v === 'string' && i18n.exists(`audit.values.${field}.${v}`))
      return t(`audit.values.${field}.${v}`);
    if (field.endsWith('At') && typeof v === 'string') return f.dateTime(v);
    if (field === 'approvedCpu' && typeof v === 'number') return t('capacity.cores', { value: f.cores(v) });
    if (field.endsWith('GiB') && typeof v === 'number') return f.bytes(v * GIB);
    if (typeof v === 'object' && !Array.isArray(v))
      return Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${k}=${String(x)}`)
        .join(t('list.separator'));
    return Array.isArray(v) ? v.map(String).join(t('list.separator')) : String(v);
  };
  return (c) =>
    t('audit.changed', {
      field: word('audit.fields', c.field),
      before: value(c.field, c.before),
      after: value(c.field, c.after),
    });
}
