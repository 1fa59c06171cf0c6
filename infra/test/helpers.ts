import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../lib/app';
import { LAMBDA_ENTRIES } from '../lib/entries';
import type { CantLoginStack } from '../lib/stack';

/** Synthesises the whole app once, with cdk-nag on (an unacknowledged finding throws) and fast,
 * unminified bundles (esbuild, no Docker). */
export function synth(
  context: Record<string, unknown> = {},
  options: { bundle?: boolean } = {},
): {
  stack: CantLoginStack;
  template: Template;
  json: CfnTemplate;
  /** The cloud assembly's directory (bundles are in asset.<hash>/). */
  assemblyDir: string;
} {
  const { app, stack } = buildApp({
    // CDK's own switch (what `cdk deploy --exclusively` uses): an empty list skips esbuild entirely.
    context: options.bundle === false ? { ...context, 'aws:cdk:bundling-stacks': [] } : context,
    bundling: { minify: false, sourceMap: false },
    entries: LAMBDA_ENTRIES,
  });
  const assembly = app.synth();
  const json = assembly.getStackByName(stack.stackName).template as CfnTemplate;
  return { stack, template: Template.fromJSON(json), json, assemblyDir: assembly.directory };
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Sid?: string;
}

export const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The one resource whose logical id starts with `prefix` (CDK appends a hash). */
export function resourceNamed(json: CfnTemplate, prefix: string, type?: string): [string, CfnResource] {
  const found = Object.entries(json.Resources).filter(
    ([id, r]) => id.startsWith(prefix) && (type === undefined || r.Type === type),
  );
  if (found.length !== 1) {
    throw new Error(
      `expected one resource named ${prefix}*, found ${found.map(([id]) => id).join(', ') || 'none'}`,
    );
  }
  return found[0]!;
}

/** Every policy statement in the template: identity policies, managed policies, inline role policies,
 * trust policies and resource policies (SQS, …), with where each came from. */
export function allStatements(
  json: CfnTemplate,
): Array<{ from: string; type: string; statement: Statement }> {
  const out: Array<{ from: string; type: string; statement: Statement }> = [];
  const documents = (props: Record<string, unknown>): unknown[] => {
    const docs: unknown[] = [props.PolicyDocument, props.AssumeRolePolicyDocument];
    for (const p of list(props.Policies as Array<{ PolicyDocument: unknown }> | undefined))
      docs.push(p.PolicyDocument);
    return docs.filter(Boolean);
  };
  for (const [id, r] of Object.entries(json.Resources)) {
    for (const doc of documents(r.Properties ?? {})) {
      for (const statement of list((doc as { Statement: Statement | Statement[] }).Statement)) {
        out.push({ from: id, type: r.Type, statement });
      }
    }
  }
  return out;
}

/** The statements of the identity policies (inline, default and managed) attached to a role. */
export function roleStatements(json: CfnTemplate, roleLogicalId: string): Statement[] {
  const attached = (roles: unknown) =>
    list(roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId }));
  const out: Statement[] = [];
  for (const r of Object.values(json.Resources)) {
    if (
      (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') &&
      attached(r.Properties?.Roles)
    ) {
      out.push(...list((r.Properties!.PolicyDocument as { Statement: Statement[] }).Statement));
    }
  }
  const role = json.Resources[roleLogicalId];
  for (const p of list(role?.Properties?.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>))
    out.push(...list(p.PolicyDocument.Statement));
  return out;
}

export const actionsOf = (statements: Statement[]) =>
  [...new Set(statements.flatMap((s) => list(s.Action)))].sort();

/** Lambda environment variables of every function, by logical id. */
export function functionEnvironments(json: CfnTemplate): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, r] of Object.entries(json.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    out[id] =
      (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  }
  return out;
}

/** The directory of a function's bundle in the cloud assembly (its S3 key is the asset hash + .zip). */
export function bundleDir(json: CfnTemplate, assemblyDir: string, functionLogicalId: string): string {
  const code = json.Resources[functionLogicalId]?.Properties?.Code as { S3Key?: string } | undefined;
  if (!code?.S3Key) throw new Error(`${functionLogicalId} has no S3 code`);
  return path.join(assemblyDir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
}
