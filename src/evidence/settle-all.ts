/**
 * Like `Promise.all`, but waits until every promise has settled before it rejects (with the first failure in
 * order): no git process or export is still writing into the submission's temp folder when the caller removes it.
 */
export async function settleAll<T extends readonly unknown[] | []>(values: T): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }> {
  const results = (await Promise.allSettled(values)) as readonly PromiseSettledResult<unknown>[];
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as { -readonly [P in keyof T]: Awaited<T[P]> };
}
