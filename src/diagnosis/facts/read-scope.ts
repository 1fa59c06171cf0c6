import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which check is reading. The facts are shared and memoised, so a partial read made for one check is
 * served from memory to the next: each access notes the read's gaps in the scope of the check that
 * asked, and the runner turns them into that check's `incomplete`. Reads outside any check (the
 * report's subject, request validation) note nothing.
 */
const current = new AsyncLocalStorage<Set<string>>();

/** Runs `fn` with `gaps` collecting what its reads could not see (kept even when `fn` rejects). */
export function runInReadScope<T>(gaps: Set<string>, fn: () => Promise<T>): Promise<T> {
  return current.run(gaps, fn);
}

/** Notes, for the check now reading, that the evidence it is being given is only part of the whole. */
export function notePartial(reason: string): void {
  current.getStore()?.add(reason);
}
