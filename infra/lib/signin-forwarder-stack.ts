import { Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * What the sign-in index is fed with, and how it crosses accounts. Sign-in, access-portal and SCIM
 * events land in the account that owns the Identity Center instance (the management account, or the
 * instance's own account), not in the account the bot runs in (a delegated administrator): the
 * forwarder stack, deployed there, sends them to the bot's event bus, whose policy admits that account
 * alone, and the indexer listens on that bus.
 */

/** The name of the bot's bus, fixed so the forwarder can name its ARN before the bot's stack exists. */
export const SIGNIN_EVENTS_BUS_NAME = 'cant-login-signin-events';

/** The CloudTrail event sources forwarded (aws-facts.md, second wave §1). */
export const FORWARDED_EVENT_SOURCES = [
  'signin.amazonaws.com',
  'sso.amazonaws.com',
  'sso-directory.amazonaws.com',
  'identitystore-scim.amazonaws.com',
] as const;

/** Of `sso.amazonaws.com`, only the access portal's own events (a person signing in and choosing a
 * role), not the admin API: the bot's own reads would otherwise be forwarded back to it. */
export const FORWARDED_PORTAL_EVENTS = [
  'Authenticate',
  'Federate',
  'GetRoleCredentials',
  'ListAccountRoles',
  'ListAccounts',
  'Logout',
] as const;

/**
 * The pattern on `detail.eventSource` (and, for `sso`, `detail.eventName`), never on `detail-type`: the
 * sign-in events' detail-type is spelled two ways in AWS's own pages and the service events have a
 * third, so a detail-type filter could drop exactly the events that matter. Each source is matched with
 * its CloudTrail-delivered `source` prefix `aws.`.
 */
export function signInEventPattern(): events.EventPattern {
  const others = FORWARDED_EVENT_SOURCES.filter((s) => s !== 'sso.amazonaws.com');
  return {
    source: events.Match.prefix('aws.'),
    detail: {
      $or: [
        { eventSource: [...others] },
        { eventSource: ['sso.amazonaws.com'], eventName: [...FORWARDED_PORTAL_EVENTS] },
      ],
    },
  } as events.EventPattern;
}

/** Read-only management events (ListAccounts of the portal, for one) reach a rule only in this state. */
export const ALL_MANAGEMENT_EVENTS = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export function signInEventsBusArn(account: string, region: string): string {
  return `arn:aws:events:${region}:${account}:event-bus/${SIGNIN_EVENTS_BUS_NAME}`;
}

export interface SignInForwarderStackProps extends StackProps {
  /** The bot's event bus (`signInEventsBusArn(botAccount, region)`). */
  botEventBusArn: string;
}

/** Deployed in the account where sign-in events land, in the instance's home Region: a rule on the
 * default bus (CloudTrail delivers only there) forwarding to the bot's bus through a role. */
export class SignInForwarderStack extends Stack {
  readonly rule: events.Rule;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SignInForwarderStackProps) {
    super(scope, id, props);
    const target = events.EventBus.fromEventBusArn(this, 'BotSignInEventsBus', props.botEventBusArn);
    this.role = new iam.Role(this, 'ForwardRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description:
        'cant-login: lets EventBridge put sign-in events on the sign-in events bus of the bot account',
    });
    this.rule = new events.Rule(this, 'ForwardSignInEvents', {
      description:
        'cant-login: Identity Center sign-in, access-portal and SCIM events (via CloudTrail) to the event bus of the bot',
      eventPattern: signInEventPattern(),
      // The target's role is granted events:PutEvents on exactly that bus by the target itself.
      targets: [new eventsTargets.EventBus(target, { role: this.role })],
    });
    (this.rule.node.defaultChild as events.CfnRule).state = ALL_MANAGEMENT_EVENTS;
  }
}
