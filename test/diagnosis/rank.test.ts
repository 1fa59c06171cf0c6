import type { CauseId } from '../../src/diagnosis/causes';
import { makeFinding } from '../../src/diagnosis/check';
import { choosePrimary, explains, orderFindings } from '../../src/diagnosis/rank';
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

  describe('rule 2: a cause that explains another outranks it (each meta.ts declares what it outranks)', () => {
    it('instance-not-found outranks everything', () => {
      expect(primaryOf([f('user-not-found'), f('instance-not-found')])).toBe('instance-not-found');
      expect(
        orderFindings([f('bot-permission-missing'), f('instance-not-found')]).map((x) => x.cause),
      ).toEqual(['instance-not-found', 'bot-permission-missing']);
    });

    it('user-not-found and user-disabled outrank everything that needs the user, even newer sign-in evidence', () => {
      expect(primaryOf([f('password-failures', {}, '2026-11-23T11:00:00Z'), f('user-not-found')])).toBe(
        'user-not-found',
      );
      // Same section, and the mismatch is more recent: only the explanation puts user-disabled first.
      expect(
        primaryOf([
          f('username-mismatch', {}, '2026-11-23T11:00:00Z'),
          f('user-disabled', {}, '2026-11-23T08:00:00Z'),
        ]),
      ).toBe('user-disabled');
    });

    it('what needs no user (the setup, the symptoms) is not explained by a missing user', () => {
      const missing = f('user-not-found');
      expect(explains(missing, f('bot-permission-missing'))).toBe(false);
      expect(explains(missing, f('symptom-no-accounts'))).toBe(false);
      expect(explains(missing, f('user-disabled'))).toBe(true);
      expect(explains(f('user-disabled'), missing)).toBe(false);
    });

    it('principal-recreated outranks no-assignments and not-assigned-to-account', () => {
      expect(primaryOf([f('no-assignments'), f('principal-recreated'), f('not-assigned-to-account')])).toBe(
        'principal-recreated',
      );
      expect(explains(f('principal-recreated'), f('not-assigned-to-account', A))).toBe(true);
      expect(explains(f('principal-recreated'), f('permission-set-empty', A))).toBe(false);
    });

    it('provisioning in progress or failed outranks not-provisioned for the same account and permission set only', () => {
      expect(primaryOf([f('permission-set-not-provisioned', A), f('provisioning-in-progress', A)])).toBe(
        'provisioning-in-progress',
      );
      expect(primaryOf([f('permission-set-not-provisioned', A), f('provisioning-failed', A)])).toBe(
        'provisioning-failed',
      );
      // Another account, or the same account with another permission set: not explained, so catalogue
      // order decides.
      expect(primaryOf([f('provisioning-in-progress', B), f('permission-set-not-provisioned', A)])).toBe(
        'permission-set-not-provisioned',
      );
      const otherSet = { accountId: A.accountId, permissionSetArn: B.permissionSetArn };
      expect(primaryOf([f('provisioning-failed', otherSet), f('permission-set-not-provisioned', A)])).toBe(
        'permission-set-not-provisioned',
      );
      // Findings that name no account are about no pair in particular.
      expect(primaryOf([f('provisioning-failed'), f('permission-set-not-provisioned')])).toBe(
        'permission-set-not-provisioned',
      );
    });

    it('mfa-code-failures outranks mfa-registration-required unconditionally, even a later registration prompt', () => {
      expect(
        primaryOf([
          f('mfa-registration-required', {}, '2026-11-23T09:00:00Z'),
          f('mfa-code-failures', {}, '2026-11-23T10:00:00Z'),
        ]),
      ).toBe('mfa-code-failures');
      // The prompt came an hour after the rejected codes; recency alone would choose it.
      expect(
        primaryOf([
          f('mfa-registration-required', {}, '2026-11-23T11:00:00Z'),
          f('mfa-code-failures', {}, '2026-11-23T10:00:00Z'),
        ]),
      ).toBe('mfa-code-failures');
    });

    it('username-not-email outranks username-mismatch, which comes first in the catalogue', () => {
      expect(primaryOf([f('username-mismatch'), f('username-not-email')])).toBe('username-not-email');
      expect(primaryOf([f('username-mismatch'), f('user-attributes-incomplete')])).toBe('username-mismatch');
    });

    it('account-not-active outranks every other cause about that account, and only about that account', () => {
      expect(primaryOf([f('permission-set-not-provisioned', A), f('account-not-active', A)])).toBe(
        'account-not-active',
      );
      expect(primaryOf([f('no-assignments', A), f('account-not-active', A)])).toBe('account-not-active');
      // Even a cause of the user record, when it is about that account.
      expect(primaryOf([f('principal-recreated', A), f('account-not-active', A)])).toBe('account-not-active');
      // Another account: catalogue order decides.
      expect(primaryOf([f('permission-set-not-provisioned', A), f('account-not-active', B)])).toBe(
        'permission-set-not-provisioned',
      );
      expect(primaryOf([f('no-assignments'), f('account-not-active', B)])).toBe('no-assignments');
    });

    it('two findings that would each explain the other explain neither; the later rules decide', () => {
      const disabled = f('user-disabled', A);
      const inactive = f('account-not-active', A);
      expect(explains(disabled, inactive)).toBe(false);
      expect(explains(inactive, disabled)).toBe(false);
      expect(primaryOf([inactive, disabled])).toBe('user-disabled');
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
