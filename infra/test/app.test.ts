import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { App, Stack, aws_sqs as sqs, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../lib/app';
import { InfraConfigError } from '../lib/config';
import { REPO_ROOT } from '../lib/entries';

/** These tests look at the construct tree and the nag report, not at the code: CDK's own switch
 * `aws:cdk:bundling-stacks` (what `cdk deploy --exclusively` uses) skips esbuild here. stack.test.ts
 * bundles for real. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

describe('bad context', () => {
  test('stops buildApp with the one-line message, before anything is built', () => {
    expect(() => buildApp({ context: { ...NO_BUNDLING, quotaShare: '2' } })).toThrow(
      new InfraConfigError(
        'cant-login: context "quotaShare" must be a number greater than 0 and at most 1 (got "2")',
        ['quotaShare'],
      ),
    );
  });

  test('makes the CDK app exit 1 with only that line on stderr (no stack trace)', () => {
    const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const run = spawnSync(tsx, [path.join(REPO_ROOT, 'infra', 'bin', 'app.ts')], {
      cwd: path.join(REPO_ROOT, 'infra'),
      // How the cdk CLI hands `-c key=value` to the app.
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ sweepMinutes: '10' }) },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'cant-login: context "sweepMinutes" must be 1 or 5 (minutes between sweeps) (got "10")',
    );
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  test('an unacknowledged finding makes synthesis throw (the plugin is really on)', () => {
    const app = new App();
    const stack = new Stack(app, 'Control');
    new sqs.Queue(stack, 'NoDeadLetterQueue', { enforceSSL: true });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
  });

  test('the stack synthesises clean, and every acknowledgement is listed here with a real reason', () => {
    const { app, stack } = buildApp({ context: NO_BUNDLING });
    expect(() => app.synth()).not.toThrow();

    const acknowledged: Array<{ path: string; id: string; reason: string }> = [];
    for (const node of stack.node.findAll()) {
      for (const entry of node.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledged.push({
            path: node.node.path.replace(`${stack.stackName}/`, ''),
            id: id.replace(/^Annotation::/, ''),
            reason,
          });
        }
      }
    }
    for (const a of acknowledged) expect(a.reason.length).toBeGreaterThan(80);
    // The complete list: a new suppression is a deliberate change to this test.
    const expected = [
      'SlackSecret AwsSolutions-SMG4',
      'JobsKey AwsSolutions-SMG4',
      'DiagnosisPolicy AwsSolutions-IAM5[Resource::*]',
      'FixPolicy AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sso:::instance/*]',
      'FixPolicy AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sso:::permissionSet/*]',
      'FixPolicy AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sso:::account/*]',
      // Without identityStoreId, the membership write is on any identity store (IAM support actions are off).
      'FixPolicy AwsSolutions-IAM5[Resource::*]',
      'AuditExportRole AwsSolutions-IAM5[Resource::*]',
      'AlarmTopic AwsSolutions-SNS2',
      expect.stringMatching(/^WorkerRole AwsSolutions-IAM5\[Resource::<Tickets[0-9A-F]+\.Arn>\/index\/\*\]$/),
      expect.stringMatching(
        /^Inventory\/Role AwsSolutions-IAM5\[Resource::<Tickets[0-9A-F]+\.Arn>\/index\/\*\]$/,
      ),
      expect.stringMatching(
        /^DriftScan\/Role AwsSolutions-IAM5\[Resource::<Tickets[0-9A-F]+\.Arn>\/index\/\*\]$/,
      ),
      // The drift scan's listings over every group, account and permission set it discovers.
      'DriftScan/Role AwsSolutions-IAM5[Resource::*]',
      'SlackApi/POST--slack--events/Resource AwsSolutions-APIG4',
    ];
    const found = acknowledged.map((a) => `${a.path} ${a.id}`);
    expect(found).toEqual(expect.arrayContaining(expected));
    expect(found).toHaveLength(expected.length);
  });
});
