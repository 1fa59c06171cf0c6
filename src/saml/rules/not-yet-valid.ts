import type { SamlRule } from '../types';
import { CLOCK_SKEW_MS } from './text';

/** The assertion starts more than the allowed skew after the time it is judged at: a clock is off. */
export const notYetValid: SamlRule = {
  id: 'saml-not-yet-valid',
  title: 'Has the assertion started to be valid (within 5 minutes of clock skew)?',
  run({ response, atMs }) {
    const a = response.assertion;
    if (!a) return { status: 'not-checked', reason: 'no readable assertion' };
    if (a.notBefore === null) return { status: 'ok' };
    const start = Date.parse(a.notBefore);
    if (Number.isNaN(start))
      return {
        status: 'problem',
        severity: 'blocking',
        summary: `The assertion's NotBefore "${a.notBefore}" is not a time.`,
        fix: 'Fix the IdP so it writes SAML times as ISO 8601 UTC (for example 2026-11-23T12:00:00Z).',
      };
    if (start <= atMs + CLOCK_SKEW_MS) return { status: 'ok' };
    const minutes = Math.round((start - atMs) / 60_000);
    return {
      status: 'problem',
      severity: 'blocking',
      summary: `The assertion only becomes valid at ${a.notBefore}, ${minutes} minutes after ${new Date(atMs).toISOString()}: more than the 5 minutes of clock difference allowed.`,
      fix: "The IdP server's clock is ahead (or the time you judged at is wrong): set the IdP's clock to sync automatically (NTP), then sign in again.",
    };
  },
};
