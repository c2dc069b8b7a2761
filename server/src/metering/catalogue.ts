// The versioned price catalogue (#22). A price is never edited: a new version of an item is added
// with the date it takes effect from, and the old one stays, so that any month — closed or not —
// is priced from the rows that were in force in it, and a closed month recomputes identically.
// Adding a price is one audited command; a price taking effect inside a month already closed is
// refused (it would make that month's statement disagree with its recomputation).
import { asc, desc } from 'drizzle-orm';
import type { Db, Store } from '../store/db.ts';
import { audit } from '../store/audit.ts';
import type { Actor } from '../store/request-transition.ts';
import { meteringPrices, meteringStatements } from './tables.ts';
import { parsePrice } from './money.ts';
import { dayStart, parseMonth } from './month.ts';
import { MeteringRefusal } from './refusal.ts';

/** Usage-based items, measured from Prometheus; `item:<code>` items are fixed per-item charges. */
export const USAGE_ITEMS = ['cpu.core-hour', 'memory.gib-hour', 'storage.gib-month'] as const;
export type UsageItem = (typeof USAGE_ITEMS)[number];
export const ITEM_PATTERN =
  /^(cpu\.core-hour|memory\.gib-hour|storage\.gib-month|item:[a-z0-9][a-z0-9-]{0,39})$/;

export interface PriceVersion {
  id: number;
  item: string;
  /** Yuan per unit, exact decimal text. */
  price: string;
  /** YYYY-MM-DD, from 00:00 China Standard Time. */
  effectiveFrom: string;
  note: string;
  addedBy: string;
  addedAt: string;
}

/**
 * The versions of `item` in force during [start, end), each with the part of the span it covers:
 * the boundaries where a price changes split the month (proration by the hour).
 */
export function priceSegments(
  prices: readonly PriceVersion[],
  item: string,
  start: number,
  end: number,
): { version: PriceVersion; from: number; to: number }[] {
  const versions = prices
    .filter((p) => p.item === item)
    .map((p) => ({ p, at: dayStart(p.effectiveFrom) }))
    .sort((a, b) => a.at - b.at);
  const out: { version: PriceVersion; from: number; to: number }[] = [];
  versions.forEach((v, i) => {
    const from = Math.max(v.at, start);
    const to = Math.min(versions[i + 1]?.at ?? Infinity, end);
    if (from < to) out.push({ version: v.p, from, to });
  });
  return out;
}

const row = (r: typeof meteringPrices.$inferSelect): PriceVersion => ({
  id: r.id,
  item: r.item,
  price: r.price,
  effectiveFrom: r.effectiveFrom,
  note: r.note,
  addedBy: r.addedBy,
  addedAt: r.addedAt.toISOString(),
});

export async function listPrices(db: Db): Promise<PriceVersion[]> {
  const rows = await db
    .select()
    .from(meteringPrices)
    .orderBy(asc(meteringPrices.item), asc(meteringPrices.effectiveFrom));
  return rows.map(row);
}

export interface NewPrice {
  item: string;
  price: string;
  effectiveFrom: string;
  note?: string;
}

/** Adds a price version, audited in the same transaction. */
export async function addPrice(store: Store, p: NewPrice, by: Actor): Promise<PriceVersion> {
  const at = by.at ?? new Date();
  if (!ITEM_PATTERN.test(p.item)) throw new MeteringRefusal('item', 'metering.item');
  try {
    parsePrice(p.price);
  } catch {
    throw new MeteringRefusal('price', 'metering.price');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.effectiveFrom) || Number.isNaN(dayStart(p.effectiveFrom)))
    throw new MeteringRefusal('effectiveFrom', 'metering.date');
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    // A price may not reach back into a closed month.
    const [last] = await t
      .select({ month: meteringStatements.month })
      .from(meteringStatements)
      .orderBy(desc(meteringStatements.month))
      .limit(1);
    if (last && dayStart(p.effectiveFrom) < parseMonth(last.month).end)
      throw new MeteringRefusal('effectiveFrom', 'metering.closedMonth', { month: last.month });
    const existing = await t.select().from(meteringPrices);
    if (existing.some((e) => e.item === p.item && e.effectiveFrom === p.effectiveFrom))
      throw new MeteringRefusal('effectiveFrom', 'metering.duplicatePrice');
    const [r] = await t
      .insert(meteringPrices)
      .values({
        item: p.item,
        price: p.price.trim(),
        effectiveFrom: p.effectiveFrom,
        note: p.note ?? '',
        addedBy: by.id,
        addedAt: at,
      })
      .returning();
    await audit(tx, {
      actor: by.id,
      action: 'metering.price.add',
      objectType: 'metering-price',
      objectId: `${p.item}@${p.effectiveFrom}`,
      before: null,
      after: { item: p.item, price: p.price.trim(), effectiveFrom: p.effectiveFrom, note: p.note ?? '' },
      requestId: by.requestId,
      at,
    });
    return row(r!);
  });
}
