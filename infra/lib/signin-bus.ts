import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ALL_MANAGEMENT_EVENTS, SIGNIN_EVENTS_BUS_NAME, signInEventPattern } from './signin-forwarder-stack';

export interface SignInEventsBusProps {
  /** The one account allowed to put events on the bus: where the sign-in events land. */
  sourceAccountId: string;
  indexer: lambda.IFunction;
}

/** The bot's side of the cross-account feed: a bus only the sign-in events account may put events on,
 * and a rule on it that hands each event to the indexer. */
export class SignInEventsBus extends Construct {
  readonly bus: events.EventBus;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: SignInEventsBusProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: SIGNIN_EVENTS_BUS_NAME });
    this.bus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SignInEventsAccountOnly',
        principals: [new iam.AccountPrincipal(props.sourceAccountId)],
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
      }),
    );
    this.rule = new events.Rule(this, 'ToIndexer', {
      eventBus: this.bus,
      description: 'cant-login: forwarded sign-in, access-portal and SCIM events to the sign-in indexer',
      eventPattern: signInEventPattern(),
      // Re-delivery is harmless: the indexer is idempotent on the event id.
      targets: [new eventsTargets.LambdaFunction(props.indexer, { retryAttempts: 3 })],
    });
    // Forwarded events are still CloudTrail management events; read-only ones reach only this state.
    (this.rule.node.defaultChild as events.CfnRule).state = ALL_MANAGEMENT_EVENTS;
  }
}
