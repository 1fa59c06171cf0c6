/** Options for `collect`. */
export interface CollectOptions<P> {
  /** Stop after this many pages (a positive integer). Default: read every page. */
  maxPages?: number;
  /** Whether the service has more pages after `page`. Default: the page has a `NextToken`. */
  hasMore?: (page: P) => boolean;
}

/** Items read from a paginated listing, and whether `maxPages` left pages unread. */
export interface Collected<T> {
  items: T[];
  /** True when reading stopped at `maxPages` and the last page read pointed to another one. */
  truncated: boolean;
  /** Pages actually requested. */
  pages: number;
}

// Every listing the bot pages through (sso-admin, identitystore, cloudtrail, organizations) calls
// its continuation `NextToken`; some newer AWS APIs use `nextToken`.
function hasNextToken(page: unknown): boolean {
  if (typeof page !== 'object' || page === null) return false;
  const record = page as Record<string, unknown>;
  const token = record.NextToken ?? record.nextToken;
  return typeof token === 'string' && token !== '';
}

/**
 * Reads pages from one of the SDK's paginators (`paginateListAccountAssignmentsForPrincipal({ client }, input)`)
 * and gathers what `pick` returns from each. With `maxPages`, it stops there without asking for the
 * next page, so the cap bounds the number of AWS calls exactly.
 */
export async function collect<P, T>(
  pages: AsyncIterable<P>,
  pick: (page: P) => readonly T[] | undefined,
  opts: CollectOptions<P> = {},
): Promise<Collected<T>> {
  const { maxPages } = opts;
  if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages > 0)) {
    throw new RangeError(`maxPages must be a positive integer, got ${maxPages}`);
  }
  const hasMore = opts.hasMore ?? hasNextToken;
  const items: T[] = [];
  let count = 0;
  let truncated = false;
  for await (const page of pages) {
    count += 1;
    const picked = pick(page);
    if (picked) items.push(...picked);
    if (maxPages !== undefined && count >= maxPages) {
      truncated = hasMore(page);
      break; // ends the paginator (calls its `return()`), so no further request is made
    }
  }
  return { items, truncated, pages: count };
}

/** A paginator as the SDK generates them: `paginateX({ client, pageSize? }, input)`. */
export type SdkPaginator<C, I, P> = (config: C, input: I) => AsyncIterable<P>;

/**
 * `collect` over `paginator(config, input)`, e.g.
 * `collectPages(paginateListAccountAssignmentsForPrincipal, { client }, input, (p) => p.AccountAssignments)`.
 * Prefer it to calling the paginator yourself: the SDK's paginators write each `NextToken` into the
 * input object they are given and start from any `NextToken` already there, so an input object
 * reused for a second listing would silently resume mid-list. This passes a copy.
 */
export function collectPages<C, I extends object, P, T>(
  paginator: SdkPaginator<C, I, P>,
  config: C,
  input: I,
  pick: (page: P) => readonly T[] | undefined,
  opts: CollectOptions<P> = {},
): Promise<Collected<T>> {
  return collect(paginator(config, { ...input }), pick, opts);
}
