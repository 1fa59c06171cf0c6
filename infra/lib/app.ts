import { App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseInfraConfig } from './config';
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
export function buildApp(options: BuildOptions = {}): { app: App; stack: CantLoginStack } {
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
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
