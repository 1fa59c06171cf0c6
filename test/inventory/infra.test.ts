import {
  App,
  aws_dynamodb as dynamodb,
  aws_iam as iam,
  Stack,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { INVENTORY_EXTRA_ACTIONS, InventoryScan } from '../../infra/lib/inventory';

describe('InventoryScan construct', () => {
  it('schedules the scan every 6 hours on a read-only role with the table', () => {
    // No bundling (CDK's own switch): the template, not the bundle, is under test.
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Test');
    const table = new dynamodb.Table(stack, 'Tickets', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    });
    const diagnosisPolicy = new iam.ManagedPolicy(stack, 'DiagnosisPolicy', {
      statements: [new iam.PolicyStatement({ actions: ['sso:ListInstances'], resources: ['*'] })],
    });
    new InventoryScan(stack, 'Inventory', {
      table,
      diagnosisPolicy,
      slackSecret: new secretsmanager.Secret(stack, 'Slack'),
      environment: { TICKETS_TABLE: table.tableName },
      logRetention: 30,
      bundling: { minify: false, sourceMap: false },
    });
    const template = Template.fromStack(stack);
    // Both listings the scan needs are now part of the diagnosis policy itself.
    expect(INVENTORY_EXTRA_ACTIONS).toEqual([]);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(6 hours)' });
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 600, Handler: 'index.handler' });
    // No extra statement is needed any more: the listings are in the diagnosis policy.
    expect(JSON.stringify(template.toJSON())).not.toContain('InventoryListings');
    for (const statement of [
      { Action: Match.arrayWith(['dynamodb:Query']) },
      { Action: Match.arrayWith(['dynamodb:PutItem']) },
    ]) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike(statement)]) },
      });
    }
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([{ Ref: Match.stringLikeRegexp('DiagnosisPolicy') }]),
    });
  });
});
