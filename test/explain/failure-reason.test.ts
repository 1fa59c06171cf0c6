import { type FailureReasonKind, translateFailureReason } from '../../src/explain';
import { forbiddenIn } from './fixtures';

const cases: Array<[FailureReasonKind, string]> = [
  [
    'missing-policy',
    'Received a 404 status error: Policy not found: arn:aws:iam::111122223333:policy/DataReadAccess does not exist.',
  ],
  [
    'missing-policy',
    'The customer managed policy DataReadAccess with path / does not exist in account 111122223333.',
  ],
  ['missing-policy', 'Permissions boundary policy BoundaryPolicy was not found in the target account.'],
  ['account-not-active', 'Account 111122223333 is suspended; roles cannot be provisioned there.'],
  ['account-not-active', 'Account 111122223333 is pending closure; roles cannot be provisioned there.'],
  ['account-not-active', 'Account 111122223333 is not a member of the organization.'],
  ['quota', 'Cannot exceed quota for RolesPerAccount: 1000'],
  ['quota', 'Rate exceeded'],
  ['quota', 'Too many requests, please slow down.'],
  ['conflict', 'ConflictException: Another operation on this permission set is already in progress.'],
  ['conflict', 'Concurrent modification of the permission set, retry.'],
  [
    'protected-role',
    "Cannot perform the operation on the protected role 'AWSReservedSSO_ReadOnly_0123456789abcdef' - this role is only modifiable by AWS",
  ],
  [
    'principal-missing',
    'The user 90670000-1111-2222-3333-444455556666 does not exist in the identity store.',
  ],
  ['principal-missing', 'The group 90670000-aaaa-bbbb-cccc-ddddeeeeffff was not found.'],
];

describe('translateFailureReason', () => {
  test.each(cases)('recognises %s in "%s"', (kind, reason) => {
    const t = translateFailureReason(reason);
    expect(t.kind).toBe(kind);
    expect(t.plain).not.toContain(reason);
    expect(t.remedy.length).toBeGreaterThan(10);
  });

  test.each(cases)('the employee version of %s says nothing technical', (_kind, reason) => {
    const t = translateFailureReason(reason);
    expect(forbiddenIn(t.plainForEmployee)).toEqual([]);
    expect(t.plainForEmployee).not.toMatch(/polic|quota|AWSReserved|identity store|organi[sz]ation/i);
  });

  test('a missing customer managed policy is told as such to the admin', () => {
    const t = translateFailureReason('Received a 404 status error: Policy not found');
    expect(t.plain).toMatch(/customer managed policy .* does not exist in the target account/);
  });

  test('an unknown reason: the admin gets the raw text, the employee gets none of it', () => {
    const raw = 'InternalFailure: code 7734 at node ip-10-0-0-1';
    const t = translateFailureReason(raw);
    expect(t.kind).toBe('unknown');
    expect(t.plain).toContain(raw);
    expect(t.plainForEmployee).not.toMatch(/7734|InternalFailure|ip-10/);
    expect(forbiddenIn(t.plainForEmployee)).toEqual([]);
  });

  test.each([undefined, '', '   '])('no reason (%p) is unknown and says AWS gave none', (reason) => {
    const t = translateFailureReason(reason);
    expect(t.kind).toBe('unknown');
    expect(t.plain).toBe('It failed, and AWS gave no reason.');
    expect(forbiddenIn(t.plainForEmployee)).toEqual([]);
  });

  test('every kind but unknown reads as one sentence', () => {
    for (const [, reason] of cases) {
      const t = translateFailureReason(reason);
      expect(t.plain).toMatch(/^[A-Z].*\.$/);
      expect(t.plainForEmployee).toMatch(/^[A-Z].*\.$/);
    }
  });
});
