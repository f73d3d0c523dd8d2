/**
 * Like `Promise.all`, but waits for every promise to settle before throwing the first failure, so no work is
 * still running (pushing, uploading) once the caller has failed.
 */
export async function settleAll<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
