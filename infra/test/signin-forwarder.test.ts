import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../lib/app';
import { InfraConfigError } from '../lib/config';
import { LAMBDA_ENTRIES } from '../lib/entries';
import { FORWARDED_EVENT_SOURCES, SIGNIN_EVENTS_BUS_NAME } from '../lib/signin-forwarder-stack';

/** A delegated-admin deployment: the bot in 123456789012, sign-in events landing in the management
 * account 999988887777. */
const CONTEXT = {
  account: '123456789012',
  region: 'eu-west-1',
  signinEventsAccountId: '999988887777',
  // CDK's own switch: skip esbuild (these tests look at the rules, not the bundles).
  'aws:cdk:bundling-stacks': [],
};

function synthBoth(context: Record<string, unknown> = CONTEXT) {
  const { app, stack, forwarder } = buildApp({
    context,
    bundling: { minify: false, sourceMap: false },
    entries: LAMBDA_ENTRIES,
  });
  const assembly = app.synth();
  return {
    bot: Template.fromJSON(assembly.getStackByName(stack.stackName).template),
    forwarder: forwarder
      ? Template.fromJSON(assembly.getStackByName(forwarder.stackName).template)
      : undefined,
    forwarderStack: forwarder,
  };
}

const BUS_ARN = `arn:aws:events:eu-west-1:123456789012:event-bus/${SIGNIN_EVENTS_BUS_NAME}`;
const pattern = {
  source: [{ prefix: 'aws.' }],
  detail: {
    $or: [
      {
        eventSource: [
          'signin.amazonaws.com',
          'sso-directory.amazonaws.com',
          'identitystore-scim.amazonaws.com',
        ],
      },
      {
        eventSource: ['sso.amazonaws.com'],
        eventName: [
          'Authenticate',
          'Federate',
          'GetRoleCredentials',
          'ListAccountRoles',
          'ListAccounts',
          'Logout',
        ],
      },
    ],
  },
};

describe('the sign-in forwarder (the account where sign-in events land)', () => {
  const { forwarder, forwarderStack } = synthBoth();

  test('is deployed in the sign-in events account, in the bot Region', () => {
    expect(forwarderStack?.account).toBe('999988887777');
    expect(forwarderStack?.region).toBe('eu-west-1');
  });

  test('a rule on the default bus, with every CloudTrail management event, matching the event sources and not detail-type', () => {
    forwarder!.resourceCountIs('AWS::Events::Rule', 1);
    forwarder!.hasResourceProperties('AWS::Events::Rule', {
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      EventBusName: Match.absent(),
      EventPattern: pattern,
      Targets: [Match.objectLike({ Arn: BUS_ARN, RoleArn: Match.anyValue() })],
    });
    expect(JSON.stringify(forwarder!.toJSON())).not.toContain('detail-type');
    expect([...FORWARDED_EVENT_SOURCES].sort()).toEqual([
      'identitystore-scim.amazonaws.com',
      'signin.amazonaws.com',
      'sso-directory.amazonaws.com',
      'sso.amazonaws.com',
    ]);
  });

  test('the target’s role may put events on the bot bus and nothing else', () => {
    forwarder!.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })],
      },
    });
    forwarder!.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'events:PutEvents', Effect: 'Allow', Resource: BUS_ARN }] },
    });
  });
});

describe('the bot side of the feed', () => {
  const { bot } = synthBoth();

  test('a bus of its own whose policy admits the sign-in events account alone', () => {
    bot.hasResourceProperties('AWS::Events::EventBus', { Name: SIGNIN_EVENTS_BUS_NAME });
    bot.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: {
        Sid: 'cdk-SignInEventsAccountOnly',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Principal: {
          AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::999988887777:root']] },
        },
        Resource: Match.anyValue(),
      },
    });
  });

  test('the indexer listens on that bus, with every management event', () => {
    bot.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^SignInEventsFeedBus') },
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      EventPattern: pattern,
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SignInIndexer'), 'Arn'] } }),
      ],
    });
  });

  test('without signinEventsAccountId there is no bus and no forwarder', () => {
    const { bot: plain, forwarder: none } = synthBoth({ ...CONTEXT, signinEventsAccountId: undefined });
    plain.resourceCountIs('AWS::Events::EventBus', 0);
    expect(none).toBeUndefined();
  });

  test('a forwarder needs the bot account and Region to name its bus', () => {
    expect(() => synthBoth({ signinEventsAccountId: '999988887777', 'aws:cdk:bundling-stacks': [] })).toThrow(
      InfraConfigError,
    );
  });
});
