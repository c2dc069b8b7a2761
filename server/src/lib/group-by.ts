/** Appends a value to the list under a key, creating the list on first use. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Groups items by a key; items whose key is null are left out. */
export function groupBy<T>(items: Iterable<T>, key: (t: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k !== null) pushTo(m, k, it);
  }
  return m;
}
