// Money on the console, from the server's fen (integers as strings): never through a float. Intl
// formats the decimal string exactly (¥1,234.56 in Chinese, CN¥1,234.56 in English).
export function yuanText(fen: string): string {
  const neg = fen.startsWith('-');
  const digits = (neg ? fen.slice(1) : fen).padStart(3, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

export function formatYuan(lng: string, fen: string | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const nf = new Intl.NumberFormat(lng, { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 });
  // A decimal string is formatted exactly (Intl.NumberFormat v3); the cast keeps older typings quiet.
  return nf.format(yuanText(fen) as unknown as number);
}

/** A calendar month (YYYY-MM) in the viewer's language: 2026年10月, October 2026. */
export function monthText(lng: string, ym: string): string {
  return new Intl.DateTimeFormat(lng, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${ym}-01T00:00:00Z`),
  );
}
