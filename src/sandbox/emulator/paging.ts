import { createHash } from 'node:crypto';
import { AwsFault } from './errors';

/** The input member the server sets to the operation's target, so a token only works for the operation
 * that issued it. */
export const PAGING_SCOPE = '__sandboxOperation';

/** How one service words its paging errors and limits. */
export interface PagingRules {
  maxResults: number;
  defaultResults: number;
  /** Error for a MaxResults outside 1..maxResults. */
  badMaxResults: (value: unknown) => AwsFault;
  /** Error for a token that was not issued for these parameters. */
  badToken: () => AwsFault;
}

const constraint = (value: unknown, max: number) =>
  new AwsFault(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${max}`,
  );

export const ssoPaging: PagingRules = {
  maxResults: 100,
  defaultResults: 100,
  badMaxResults: (v) => constraint(v, 100),
  badToken: () => new AwsFault('ValidationException', 'The NextToken is invalid or has expired.'),
};

export const cloudTrailPaging: PagingRules = {
  maxResults: 50,
  defaultResults: 50,
  badMaxResults: () => new AwsFault('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.'),
  badToken: () => new AwsFault('InvalidNextTokenException', 'Invalid NextToken.'),
};

export const organizationsPaging: PagingRules = {
  maxResults: 20,
  defaultResults: 20,
  // The model's MaxResults range (1..20) is checked before the handler runs; this is the same answer.
  badMaxResults: (value) =>
    new AwsFault(
      'InvalidInputException',
      'You provided a numeric parameter that has a larger value than allowed.',
      400,
      { Reason: typeof value === 'number' && value < 1 ? 'MIN_VALUE_EXCEEDED' : 'MAX_VALUE_EXCEEDED' },
    ),
  badToken: () =>
    new AwsFault('InvalidInputException', 'The pagination token is invalid.', 400, {
      Reason: 'INVALID_NEXT_TOKEN',
    }),
};

/** Cuts one page out of `items` the way AWS does: an opaque token bound to the request's other parameters. */
export function page<T>(
  items: readonly T[],
  input: Record<string, unknown>,
  rules: PagingRules,
): { items: T[]; nextToken?: string } {
  const max = input.MaxResults;
  if (
    max !== undefined &&
    (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > rules.maxResults)
  ) {
    throw rules.badMaxResults(max);
  }
  const size = (max as number | undefined) ?? rules.defaultResults;
  const fingerprint = fingerprintOf(input);
  let offset = 0;
  if (input.NextToken !== undefined) {
    offset = decodeToken(input.NextToken, fingerprint, rules);
  }
  const slice = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { items: slice, nextToken: encodeToken(next, fingerprint) } : { items: slice };
}

function fingerprintOf(input: Record<string, unknown>): string {
  const { NextToken: _t, MaxResults: _m, ...rest } = input;
  return createHash('sha256').update(stableStringify(rest)).digest('base64url').slice(0, 16);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64url');
}

function decodeToken(token: unknown, fingerprint: string, rules: PagingRules): number {
  if (typeof token !== 'string') throw rules.badToken();
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      o?: unknown;
      f?: unknown;
    };
    if (
      typeof decoded.o === 'number' &&
      Number.isInteger(decoded.o) &&
      decoded.o >= 0 &&
      decoded.f === fingerprint
    ) {
      return decoded.o;
    }
  } catch {
    // fall through: any token we did not issue for these parameters is invalid
  }
  throw rules.badToken();
}
