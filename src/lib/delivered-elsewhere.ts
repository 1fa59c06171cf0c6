/**
 * For a promise whose rejection reaches its callers through another path (a memoised read every caller
 * awaits; a chain that only orders writes while the caller awaits the write itself): keeps Node from
 * reporting it as unhandled without hiding it. Nothing is swallowed: whoever awaits `promise` gets the error.
 */
export function rejectionDeliveredElsewhere(promise: Promise<unknown>): void {
  promise.then(
    () => undefined,
    () => undefined,
  );
}
