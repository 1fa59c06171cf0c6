import type { CauseId } from '../../src/diagnosis/causes';
import { makeFinding } from '../../src/diagnosis/check';
import { choosePrimary, orderFindings } from '../../src/diagnosis/rank';
import type { Finding, FindingContext } from '../../src/diagnosis/types';

const f = (cause: CauseId, context: FindingContext = {}, evidenceAt?: string): Finding =>
  makeFinding('test', cause, { context, evidence: {}, ...(evidenceAt ? { evidenceAt } : {}) });

const primaryOf = (findings: Finding[], symptom?: Parameters<typeof choosePrimary>[1]) =>
  choosePrimary(findings, symptom)?.cause ?? null;

const A = { accountId: '222222222222', permissionSetArn: 'arn:ps/a' };
const B = { accountId: '333333333333', permissionSetArn: 'arn:ps/b' };

describe('choosing the primary cause (docs/causes.md)', () => {
  it('is null when nothing was found, and information is never primary', () => {
    expect(primaryOf([])).toBeNull();
    expect(primaryOf([f('signin-works')])).toBeNull();
  });

  describe('rule 1: only blocking causes compete', () => {
    it('a blocking cause beats a warning found earlier in the catalogue', () => {
      expect(primaryOf([f('user-attributes-incomplete'), f('no-assignments')])).toBe('no-assignments');
    });

    it('with no blocking cause a warning may be primary', () => {
      expect(primaryOf([f('user-attributes-incomplete'), f('signin-works')])).toBe(
        'user-attributes-incomplete',
      );
    });

    it('a reported symptom is primary only when no blocking cause was found', () => {
      expect(primaryOf([f('symptom-no-accounts')], 'symptom-no-accounts')).toBe('symptom-no-accounts');
      expect(primaryOf([f('symptom-no-accounts'), f('no-assignments')], 'symptom-no-accounts')).toBe(
        'no-assignments',
      );
      expect(
        primaryOf([f('symptom-no-accounts'), f('user-attributes-incomplete')], 'symptom-no-accounts'),
      ).toBe('symptom-no-accounts');
    });

    it('bot-permission-missing is primary only when nothing else was found', () => {
      expect(primaryOf([f('bot-permission-missing')])).toBe('bot-permission-missing');
      expect(primaryOf([f('bot-permission-missing'), f('user-attributes-incomplete')])).toBe(
        'user-attributes-incomplete',
      );
      expect(primaryOf([f('bot-permission-missing'), f('permission-set-empty')])).toBe(
        'permission-set-empty',
      );
    });
  });

  describe('rule 2: a cause that explains another outranks it', () => {
    it('instance-not-found outranks everything', () => {
      expect(primaryOf([f('user-not-found'), f('instance-not-found')])).toBe('instance-not-found');
    });

    it('user-not-found and user-disabled outrank what needs the user, even sign-in evidence', () => {
      expect(primaryOf([f('password-failures', {}, '2026-11-23T11:00:00Z'), f('user-not-found')])).toBe(
        'user-not-found',
      );
      expect(primaryOf([f('username-mismatch'), f('user-disabled')])).toBe('user-disabled');
    });

    it('principal-recreated outranks no-assignments and not-assigned-to-account', () => {
      expect(primaryOf([f('no-assignments'), f('principal-recreated'), f('not-assigned-to-account')])).toBe(
        'principal-recreated',
      );
    });

    it('provisioning in progress or failed outranks not-provisioned for the same account and permission set only', () => {
      expect(primaryOf([f('permission-set-not-provisioned', A), f('provisioning-in-progress', A)])).toBe(
        'provisioning-in-progress',
      );
      expect(primaryOf([f('permission-set-not-provisioned', A), f('provisioning-failed', A)])).toBe(
        'provisioning-failed',
      );
      // Another account: not explained, so catalogue order decides.
      expect(primaryOf([f('provisioning-in-progress', B), f('permission-set-not-provisioned', A)])).toBe(
        'permission-set-not-provisioned',
      );
    });

    it('mfa-code-failures outranks mfa-registration-required unless a newer enrolment step followed the codes', () => {
      expect(
        primaryOf([
          f('mfa-registration-required', {}, '2026-11-23T09:00:00Z'),
          f('mfa-code-failures', {}, '2026-11-23T10:00:00Z'),
        ]),
      ).toBe('mfa-code-failures');
      expect(
        primaryOf([
          f('mfa-registration-required', {}, '2026-11-23T11:00:00Z'),
          f('mfa-code-failures', {}, '2026-11-23T10:00:00Z'),
        ]),
      ).toBe('mfa-registration-required');
    });

    it('an inactive account explains not being able to provision or reach it', () => {
      expect(primaryOf([f('permission-set-not-provisioned', A), f('account-not-active', A)])).toBe(
        'account-not-active',
      );
    });
  });

  describe('rule 3: where the person meets the problem (setup, user record, sign-in, access)', () => {
    it('the user record comes before sign-in evidence, which comes before access', () => {
      expect(primaryOf([f('no-assignments'), f('password-failures'), f('username-mismatch')])).toBe(
        'username-mismatch',
      );
      expect(primaryOf([f('permission-set-empty'), f('mfa-code-failures')])).toBe('mfa-code-failures');
    });
  });

  describe('rule 4: symptom, then recency, then catalogue order', () => {
    it('the causes the reported symptom points to come first', () => {
      const findings = [f('permission-set-not-provisioned', A), f('permission-set-empty', B)];
      expect(primaryOf(findings)).toBe('permission-set-not-provisioned');
      expect(primaryOf(findings, 'symptom-access-denied-in-account')).toBe('permission-set-empty');
    });

    it('then the most recent evidence', () => {
      expect(
        primaryOf([
          f('password-failures', {}, '2026-11-23T08:00:00Z'),
          f('external-idp-login-failed', {}, '2026-11-23T11:00:00Z'),
        ]),
      ).toBe('external-idp-login-failed');
    });

    it('then catalogue order', () => {
      expect(primaryOf([f('permission-set-empty'), f('account-not-active')])).toBe('account-not-active');
    });
  });

  it('orders the other findings by the same rules, warnings after blocking causes', () => {
    const ordered = orderFindings([
      f('signin-works'),
      f('user-attributes-incomplete'),
      f('no-assignments'),
      f('principal-recreated'),
    ]);
    expect(ordered.map((x) => x.cause)).toEqual([
      'principal-recreated',
      'no-assignments',
      'user-attributes-incomplete',
      'signin-works',
    ]);
  });
});
