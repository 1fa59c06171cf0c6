import { App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { InfraConfigError, parseInfraConfig } from './config';
import { SignInForwarderStack, signInEventsBusArn } from './signin-forwarder-stack';
import { CantLoginStack, type CantLoginStackProps } from './stack';

export interface BuildOptions {
  /** Context values, as `-c key=value` would give them (tests); the CLI passes them through the App. */
  context?: Record<string, unknown>;
  /** The fallback account and region (the CLI's CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION). Without
   * either, and without the account / region context, the stack is environment-agnostic. */
  defaultEnv?: Environment;
  outdir?: string;
  /** Run the cdk-nag AwsSolutions pack as a policy-validation plugin (default true). */
  nag?: boolean;
  bundling?: CantLoginStackProps['bundling'];
  entries?: CantLoginStackProps['entries'];
}

/** Builds the app: validates the context (InfraConfigError on a bad value), creates the stack, and
 * registers cdk-nag, whose unacknowledged findings make synthesis throw. */
export function buildApp(options: BuildOptions = {}): {
  app: App;
  stack: CantLoginStack;
  /** The stack for the account where sign-in events land (signinEventsAccountId set). */
  forwarder?: SignInForwarderStack;
} {
  const app = new App({
    ...(options.context ? { context: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const config = parseInfraConfig(app.node.getAllContext());
  const account = config.account ?? options.defaultEnv?.account;
  const region = config.region ?? options.defaultEnv?.region;
  const stack = new CantLoginStack(app, config.stackName, {
    config,
    ...(account || region ? { env: { ...(account ? { account } : {}), ...(region ? { region } : {}) } } : {}),
    ...(options.bundling ? { bundling: options.bundling } : {}),
    ...(options.entries ? { entries: options.entries } : {}),
  });
  let forwarder: SignInForwarderStack | undefined;
  if (config.signInIndex && config.signinEventsAccountId) {
    // The forwarder names the bot's bus by ARN, so both must be pinned to an account and a Region.
    if (!account || !region)
      throw new InfraConfigError(
        'cant-login: context "signinEventsAccountId" needs the bot\'s "account" and "region" (context or CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION): the forwarder names the bot\'s event bus by its ARN',
        ['signinEventsAccountId'],
      );
    forwarder = new SignInForwarderStack(app, `${config.stackName}SigninForwarder`, {
      env: { account: config.signinEventsAccountId, region },
      description:
        'cant-login: forwards Identity Center sign-in events to the bot account (deploy in the account where they land)',
      botEventBusArn: signInEventsBusArn(account, region),
    });
  }
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, ...(forwarder ? { forwarder } : {}) };
}
