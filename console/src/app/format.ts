// Numbers, percentages and dates in the reader's locale.
import { useTranslation } from 'react-i18next';
import { formatBytes } from './format-units.ts';

export function useFormat() {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  const pct = new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 1 });
  const num = new Intl.NumberFormat(lng);
  const date = new Intl.DateTimeFormat(lng, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' });
  const monthOf = new Intl.DateTimeFormat(lng, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const list = new Intl.ListFormat(lng, { type: 'conjunction' });
  return {
    pct: (v: number | null | undefined) => (v === null || v === undefined ? '—' : pct.format(v)),
    num: (v: number) => num.format(v),
    /** A list in words: 管理员和审计员, admin and auditor. */
    list: (items: readonly string[]) => list.format(items),
    date: (iso: string | null | undefined) =>
      iso ? date.format(new Date(iso.length === 10 ? `${iso}T00:00:00` : iso)) : '—',
    dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—'),
    /** A calendar month (YYYY-MM): 2026年10月, October 2026. */
    month: (ym: string) => monthOf.format(new Date(`${ym}-01T00:00:00Z`)),
    bytes: (v: number) => formatBytes(lng, v),
    cores: (v: number) => new Intl.NumberFormat(lng, { maximumFractionDigits: 1 }).format(v),
    money: (v: number, currency: string) =>
      new Intl.NumberFormat(lng, { style: 'currency', currency, maximumFractionDigits: 0 }).format(v),
    name: (n: { zh: string; en: string } | null | undefined) => (n ? (lng === 'en' ? n.en : n.zh) : '—'),
  };
}
