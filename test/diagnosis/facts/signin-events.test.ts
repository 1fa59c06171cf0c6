import {
  AUTHENTICATOR_CODE_TYPES,
  credentialTypesOf,
  inWindow,
  isCompletedSignIn,
  isRejectedCredential,
  type SignInEvent,
  sinceLastSignIn,
} from '../../../src/diagnosis/facts/signin-events';

const event = (over: Partial<SignInEvent> & { time?: string }): SignInEvent => {
  const time = over.time ?? '2026-11-23T10:00:00.000Z';
  return {
    eventId: 'e',
    name: 'CredentialVerification',
    rawName: over.name ?? 'CredentialVerification',
    outcome: 'Failure',
    credentialType: 'PASSWORD',
    errorMessage: undefined,
    errorCode: undefined,
    deviceEnrollmentRequired: false,
    userId: 'u-1',
    userName: 'ada',
    authWorkflowId: undefined,
    ...over,
    time,
    timeMs: Date.parse(time),
  };
};

describe('what the sign-in checks read from an event', () => {
  it.each([
    { credentialType: undefined, types: [] },
    { credentialType: '', types: [] },
    { credentialType: 'PASSWORD', types: ['PASSWORD'] },
    { credentialType: 'PASSWORD,TOTP', types: ['PASSWORD', 'TOTP'] },
    { credentialType: ' password , resync_totp ,', types: ['PASSWORD', 'RESYNC_TOTP'] },
  ])('splits the credential type "$credentialType"', ({ credentialType, types }) => {
    expect(credentialTypesOf(event({ credentialType }))).toEqual(types);
  });

  it.each([
    { name: 'UserAuthentication', outcome: 'Success', completed: true },
    { name: 'UserAuthentication', outcome: undefined, completed: true },
    { name: 'UserAuthentication', outcome: 'Failure', completed: false },
    { name: 'CredentialVerification', outcome: 'Success', completed: false },
  ] as const)(
    'counts $name with outcome $outcome as a completed sign-in: $completed',
    ({ name, outcome, completed }) => {
      expect(isCompletedSignIn(event({ name, outcome }))).toBe(completed);
    },
  );

  it.each([
    { name: 'CredentialVerification', outcome: 'Failure', credentialType: 'TOTP', rejected: true },
    {
      name: 'CredentialVerification',
      outcome: 'Failure',
      credentialType: 'PASSWORD,resync_totp',
      rejected: true,
    },
    { name: 'CredentialVerification', outcome: 'Failure', credentialType: 'PASSWORD', rejected: false },
    { name: 'CredentialVerification', outcome: 'Success', credentialType: 'TOTP', rejected: false },
    { name: 'CredentialChallenge', outcome: 'Failure', credentialType: 'TOTP', rejected: false },
  ] as const)(
    'sees a rejected code in $name $outcome $credentialType: $rejected',
    ({ rejected, ...over }) => {
      expect(isRejectedCredential(event(over), AUTHENTICATOR_CODE_TYPES)).toBe(rejected);
    },
  );

  it('keeps the events from the start of the window to the start of the diagnosis, both ends included', () => {
    const window = {
      windowStartMs: Date.parse('2026-11-23T00:00:00.000Z'),
      startedAtMs: Date.parse('2026-11-23T12:00:00.000Z'),
    };
    const events = [
      event({ eventId: 'after', time: '2026-11-23T12:00:00.001Z' }),
      event({ eventId: 'end', time: '2026-11-23T12:00:00.000Z' }),
      event({ eventId: 'start', time: '2026-11-23T00:00:00.000Z' }),
      event({ eventId: 'before', time: '2026-11-22T23:59:59.999Z' }),
    ];
    expect(inWindow(events, window).map((e) => e.eventId)).toEqual(['end', 'start']);
  });

  it('keeps what came after the last completed sign-in, or everything when there is none', () => {
    const wrong = (eventId: string, time: string) => event({ eventId, time });
    const signIn = (time: string) =>
      event({ eventId: `signed-in ${time}`, name: 'UserAuthentication', outcome: 'Success', time });
    const isWrongPassword = (e: SignInEvent) => e.name === 'CredentialVerification';
    const early = wrong('early', '2026-11-23T08:00:00.000Z');
    const sameTime = wrong('same time', '2026-11-23T09:00:00.000Z');
    const late = wrong('late', '2026-11-23T11:00:00.000Z');
    const failedSignIn = event({
      name: 'UserAuthentication',
      outcome: 'Failure',
      time: '2026-11-23T10:00:00.000Z',
    });

    expect(sinceLastSignIn([early, late], isWrongPassword)).toEqual([early, late]);
    // Newest first or not, the latest completed sign-in is the one that counts; one at the same moment
    // as a failure puts it right.
    expect(
      sinceLastSignIn(
        [
          late,
          failedSignIn,
          signIn('2026-11-23T09:00:00.000Z'),
          sameTime,
          signIn('2026-11-23T07:00:00.000Z'),
          early,
        ],
        isWrongPassword,
      ),
    ).toEqual([late]);
    expect(sinceLastSignIn([early, signIn('2026-11-23T12:00:00.000Z')], isWrongPassword)).toEqual([]);
  });
});
