import type { SandboxState } from '../state';

/** STS speaks the AWS Query protocol: a form-encoded request and an XML answer. */

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function getCallerIdentityXml(state: SandboxState, requestId: string): string {
  const { Account, Arn, UserId } = state.caller;
  const arn = Arn ?? `arn:aws:sts::${Account}:assumed-role/cant-login/sandbox`;
  const userId = UserId ?? `AROASANDBOX:${arn.split('/').pop() ?? 'sandbox'}`;
  return (
    `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult>` +
    `<Arn>${escapeXml(arn)}</Arn><UserId>${escapeXml(userId)}</UserId><Account>${escapeXml(Account)}</Account>` +
    `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
  );
}

export function queryErrorXml(code: string, message: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
