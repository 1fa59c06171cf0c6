import type { types } from '@slack/bolt';
import { coverageOf } from '../../../src/diagnosis/runner';
import type {
  CheckResult,
  DiagnosisReport,
  DiagnosisRequest,
  Finding,
  Subject,
} from '../../../src/diagnosis/types';
import { LIMITS } from '../../../src/slack/safety';

/** Hand-built diagnosis reports and Block Kit walkers shared by the view tests. */

export const INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
export const PS_ARN = 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef';
export const ACCOUNT_ID = '111122223333';
export const USER_ID = '90676a1b2c-3d4e5f60-7a8b-4c9d-0e1f-234567890abc';
export const GROUP_ID = '90676a1b2c-aaaabbbb-cccc-4ddd-8eee-ffff00001111';

/** Text that would ping a channel, mention someone, or fake a link if it reached mrkdwn unescaped. */
export const INJECTION = 'hi <!channel> <@U123> <http://evil.example|click here> & more';

export function subject(overrides: Partial<Subject> = {}): Subject {
  return {
    identifier: 'alice@example.com',
    userId: USER_ID,
    userName: 'alice@example.com',
    displayName: 'Alice Example',
    email: 'alice@example.com',
    foundBy: 'userName',
    status: 'ENABLED',
    identityStoreId: 'd-1234567890',
    instanceArn: INSTANCE_ARN,
    externallyManaged: false,
    ...overrides,
  };
}

/** The primary cause of most fixtures: a permission set assigned but never provisioned in the account. */
export function notProvisioned(overrides: Partial<Finding> = {}): Finding {
  return {
    cause: 'permission-set-not-provisioned',
    severity: 'blocking',
    checkId: 'permission-set-not-provisioned',
    context: {
      accountId: ACCOUNT_ID,
      accountName: 'staging',
      permissionSetArn: PS_ARN,
      permissionSetName: 'DataReader',
    },
    evidence: { accountId: ACCOUNT_ID, permissionSetArn: PS_ARN, provisionedTo: [] },
    evidenceAt: '2026-03-02T09:15:00Z',
    fix: {
      fix: 'provision-permission-set',
      instanceArn: INSTANCE_ARN,
      accountId: ACCOUNT_ID,
      permissionSetArn: PS_ARN,
    },
    ...overrides,
  };
}

export function mfaFailures(overrides: Partial<Finding> = {}): Finding {
  return {
    cause: 'mfa-code-failures',
    severity: 'blocking',
    checkId: 'mfa-code-failures',
    context: {},
    evidence: { count: 3, lastAt: '2026-03-02T08:00:00Z', errorMessage: 'The MFA code was rejected' },
    evidenceAt: '2026-03-02T08:00:00Z',
    fix: null,
    ...overrides,
  };
}

export function attributesIncomplete(overrides: Partial<Finding> = {}): Finding {
  return {
    cause: 'user-attributes-incomplete',
    severity: 'warning',
    checkId: 'user-attributes-incomplete',
    context: { groupId: GROUP_ID, groupName: 'Engineers' },
    evidence: { missing: ['name.givenName'] },
    fix: null,
    ...overrides,
  };
}

export function signinWorks(): Finding {
  return {
    cause: 'signin-works',
    severity: 'info',
    checkId: 'signin-works',
    context: {},
    evidence: { successes: 2 },
    fix: null,
  };
}

export function reportedNoAccounts(): Finding {
  return {
    cause: 'symptom-no-accounts',
    severity: 'warning',
    checkId: 'reported-symptom',
    context: {},
    evidence: { reported: 'No accounts available' },
    fix: null,
  };
}

export function check(
  id: string,
  status: CheckResult['status'],
  extra: Partial<CheckResult> = {},
): CheckResult {
  return { id, title: `Is ${id} fine?`, status, durationMs: 12, findings: [], ...extra };
}

export const CHECKS: CheckResult[] = [
  check('user-disabled', 'pass'),
  check('permission-set-not-provisioned', 'fail'),
  check('user-attributes-incomplete', 'warn'),
  check('principal-recreated', 'skipped', { reason: 'no memory of earlier principals' }),
  check('scim-sync-errors', 'error', {
    reason: 'AWS denied the call',
    missingAction: 'cloudtrail:LookupEvents',
  }),
];

export function report(
  overrides: Partial<DiagnosisReport> = {},
  request: Partial<DiagnosisRequest> = {},
): DiagnosisReport {
  return {
    subject: subject(),
    request: { user: 'alice@example.com', ...request },
    primaryCause: 'permission-set-not-provisioned',
    findings: [notProvisioned(), mfaFailures(), attributesIncomplete(), signinWorks(), reportedNoAccounts()],
    checks: CHECKS,
    stats: { awsCalls: 23, durationMs: 2340, throttledCalls: 1 },
    coverage: coverageOf(overrides.checks ?? CHECKS),
    at: '2026-03-02T10:00:00Z',
    windowHours: 24,
    ...overrides,
  };
}

/** A report built to break every limit: 80 findings, 80 checks, and 10,000-character texts everywhere. */
export function hugeReport(): DiagnosisReport {
  const long = (seed: string) => `${seed} ${'<!channel> x'.repeat(1000)}`.slice(0, 10_000);
  const findings: Finding[] = [];
  for (let i = 0; i < 80; i++) {
    const base = i % 3 === 0 ? notProvisioned() : i % 3 === 1 ? mfaFailures() : attributesIncomplete();
    findings.push({
      ...base,
      context: {
        ...base.context,
        accountName: long(`account-${i}`),
        permissionSetName: long(`set-${i}`),
        groupName: long(`group-${i}`),
      },
      evidence: {
        ...base.evidence,
        errorMessage: long(`error-${i}`),
        items: Array.from({ length: 50 }, (_, j) => j),
      },
    });
  }
  const checks = Array.from({ length: 80 }, (_, i) =>
    check(`check-${i}`, (['pass', 'fail', 'warn', 'skipped', 'error'] as const)[i % 5] ?? 'pass', {
      title: long(`title-${i}`),
      reason: long(`reason-${i}`),
    }),
  );
  return report(
    {
      subject: subject({ displayName: long('display'), userName: long('user') }),
      findings,
      checks,
    },
    { symptom: long('symptom'), account: long('account') },
  );
}

/** Every text object in a Block Kit tree, with the limit Slack applies to it where it sits. */
export interface TextSeen {
  text: string;
  limit: number;
  where: string;
}

export function textsOf(blocks: readonly unknown[]): TextSeen[] {
  const seen: TextSeen[] = [];
  const visit = (node: unknown, where: string, limit: number) => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) visit(child, `${where}[${i}]`, limit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const obj = node as Record<string, unknown>;
    if ((obj.type === 'plain_text' || obj.type === 'mrkdwn') && typeof obj.text === 'string') {
      seen.push({ text: obj.text, limit, where });
      return;
    }
    let childLimit: number = LIMITS.sectionText;
    if (obj.type === 'header') childLimit = LIMITS.headerText;
    if (obj.type === 'button') childLimit = LIMITS.buttonText;
    if (obj.type === 'static_select') childLimit = LIMITS.optionText;
    for (const [key, value] of Object.entries(obj)) {
      const limit2 = obj.type === 'static_select' && key === 'placeholder' ? 150 : childLimit;
      visit(value, `${where}.${key}`, limit2);
    }
  };
  visit(blocks, 'blocks', LIMITS.sectionText);
  return seen;
}

/** All the words of a view (fallback and every text object), for "does it say X" assertions. */
export function allText(view: { text?: string; blocks: readonly unknown[] }): string {
  return [view.text ?? '', ...textsOf(view.blocks).map((t) => t.text)].join('\n');
}

/** Asserts every Block Kit limit the views promise to keep. */
export function expectWithinLimits(
  view: { text?: string; blocks: readonly unknown[] },
  maxBlocks: number,
): void {
  expect(view.blocks.length).toBeLessThanOrEqual(maxBlocks);
  if (view.text !== undefined) {
    expect(view.text.length).toBeGreaterThan(0);
    expect(view.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  }
  for (const t of textsOf(view.blocks)) {
    if (t.text.length > t.limit)
      throw new Error(`${t.where} is ${t.text.length} characters (limit ${t.limit})`);
    expect(t.text.length).toBeGreaterThan(0);
  }
  for (const block of view.blocks as readonly types.KnownBlock[]) {
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
    if (block.type === 'actions') expect(block.elements.length).toBeLessThanOrEqual(25);
    if (block.type === 'section' && block.accessory?.type === 'static_select') {
      expect(block.accessory.options?.length ?? 0).toBeLessThanOrEqual(100);
    }
  }
}

/** Nothing that Slack would parse as a mention, a broadcast or a link came from outside text: the
 * only `<` left in the JSON are the ones in `allowed`. */
export function expectNoInjection(view: unknown, allowed: readonly string[] = []): void {
  let json = JSON.stringify(view);
  for (const token of allowed) json = json.split(token).join('');
  expect(json).not.toContain('<!channel>');
  expect(json).not.toContain('<@U123>');
  expect(json).not.toContain('<http://evil');
  expect(json).not.toContain('<');
}

export function findBlock<T extends types.KnownBlock['type']>(
  blocks: readonly types.KnownBlock[],
  type: T,
  blockId?: string,
): Extract<types.KnownBlock, { type: T }> | undefined {
  return blocks.find(
    (b): b is Extract<types.KnownBlock, { type: T }> =>
      b.type === type && (blockId === undefined || b.block_id === blockId),
  );
}
