import type { MetadataCache } from './ports';

/** Key prefix of the per-permission-set provisioning listings (ListAccountsForProvisionedPermissionSet). */
export const PROVISIONED_BY_PS_PREFIX = 'provisioned-ps:';
const PROVISIONED_BY_ACCOUNT_PREFIX = 'provisioned:';

/**
 * The process-wide metadata cache, with reads shared while they are in flight: twenty diagnoses that
 * ask for the same account, permission set or provisioning state at once make one call, not twenty
 * (a TTL cache alone only helps the ones that come after the first answer). Invalidation by a fix
 * forgets the cached answers and the reads in flight under the prefix; a change to one account's
 * provisioning also forgets every per-permission-set listing, since any of them may name that account.
 */
export class SharedMetadataCache implements MetadataCache {
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(private readonly inner: MetadataCache) {}

  get<T>(key: string): T | undefined {
    return this.inner.get<T>(key);
  }

  set<T>(key: string, value: T, ttlMs: number): void {
    this.inner.set(key, value, ttlMs);
  }

  invalidate(prefix: string): void {
    const prefixes = [prefix];
    if (prefix.startsWith(PROVISIONED_BY_ACCOUNT_PREFIX)) prefixes.push(PROVISIONED_BY_PS_PREFIX);
    for (const p of prefixes) {
      this.inner.invalidate(p);
      for (const key of [...this.pending.keys()]) if (key.startsWith(p)) this.pending.delete(key);
    }
  }

  /** The cached answer, else the read in flight for `key`, else `fetch` (kept for `ttlMs` when `keep`
   * says so). Each caller gets its own copy. A failed read is not kept; each waiting caller sees it. */
  async readThrough<T>(
    key: string,
    ttlMs: number,
    fetch: () => Promise<T>,
    keep: (value: T) => boolean,
  ): Promise<T> {
    const hit = this.inner.get<T>(key);
    if (hit !== undefined) return structuredClone(hit);
    let promise = this.pending.get(key) as Promise<T> | undefined;
    if (!promise) {
      const read = fetch().then((value) => {
        // Only if no fix invalidated the key while the read was in flight.
        if (this.pending.get(key) === read && keep(value)) this.inner.set(key, structuredClone(value), ttlMs);
        return value;
      });
      promise = read;
      this.pending.set(key, read);
      const forget = () => {
        if (this.pending.get(key) === read) this.pending.delete(key);
      };
      read.then(forget, forget);
    }
    return structuredClone(await promise);
  }
}
