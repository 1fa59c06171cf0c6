import type { SamlRule } from '../types';
import { CLOCK_SKEW_MS } from './text';

/** The assertion's validity ended before the time it is judged at (beyond the clock skew allowed). */
export const expired: SamlRule = {
  id: 'saml-expired',
  title: 'Is the assertion still valid?',
  run({ response, atMs }) {
    const a = response.assertion;
    if (!a) return { status: 'not-checked', reason: 'no readable assertion' };
    const ends = [a.notOnOrAfter, a.subjectNotOnOrAfter]
      .filter((t): t is string => t !== null)
      .map((t) => ({ t, ms: Date.parse(t) }));
    const bad = ends.find((e) => Number.isNaN(e.ms));
    if (bad)
      return {
        status: 'problem',
        severity: 'blocking',
        summary: `The assertion's NotOnOrAfter "${bad.t}" is not a time.`,
        fix: 'Fix the IdP so it writes SAML times as ISO 8601 UTC (for example 2026-11-23T12:05:00Z).',
      };
    const first = ends.sort((x, y) => x.ms - y.ms)[0];
    if (!first || atMs < first.ms + CLOCK_SKEW_MS) return { status: 'ok' };
    const minutes = Math.round((atMs - first.ms) / 60_000);
    return {
      status: 'problem',
      severity: 'blocking',
      summary: `The assertion expired at ${first.t}, ${minutes} minutes before ${new Date(atMs).toISOString()} (the time it was judged at).`,
      fix: `If this is the response of the failed sign-in, the IdP issued it already stale: set the IdP server's clock to sync automatically (NTP) and check the assertion lifetime in the IdP's application for AWS IAM Identity Center (a few minutes is usual). If you captured it earlier, judge it at the sign-in time instead (--at ${first.t} or earlier).`,
    };
  },
};
