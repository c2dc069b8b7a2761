/**
 * Reads several sources of one kind at once. If any fails the whole reading fails, naming each
 * failed source, so the service keeps the last good reading (marked stale) instead of showing a
 * partial one as if it were complete.
 */
export async function readAll<S extends { id: string }, T>(
  sources: readonly S[],
  read: (s: S) => Promise<T>,
): Promise<T[]> {
  const results = await Promise.allSettled(sources.map(read));
  const failed = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`${sources[i]!.id}: ${(r.reason as Error).message}`] : [],
  );
  if (failed.length) throw new Error(failed.join('; '));
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
