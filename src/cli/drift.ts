import { type AwsClients, createAwsClients, resolveDefaultRegion, toAwsCallError } from '../aws';
import { loadConfig } from '../config/env';
import { InMemoryPrincipalMemory } from '../diagnosis/facts/principal-memory';
import { driftReportJson } from '../drift/json';
import { InMemoryCursorStore, scanDrift } from '../drift/scan';
import type { DriftReport } from '../drift/types';
import { InMemoryInventoryStore } from '../inventory/inventory-store';
import { resolveInstance } from '../inventory/resolve-instance';
import { type Clock, systemClock } from '../lib/clock';
import { silentLogger } from '../log/logger';
import { knownPrincipalsOf } from '../sandbox/snapshot/known-principals';
import { type CliIo, UsageError } from './io';
import { startSandboxSession } from './sandbox-session';

export interface DriftOptions {
  sandbox?: string;
  region?: string;
  json?: boolean;
}

/** Identity Center could not be read at all: exit 1, with what to do. */
export class IdentityCenterUnreadableError extends Error {
  override readonly name = 'IdentityCenterUnreadableError';
  readonly code = 'identity-center-unreadable';
}

/** `cant-login drift`: the organisation-wide scan the bot runs on a schedule, in a terminal. */
export async function runDrift(options: DriftOptions, io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  let clients: AwsClients;
  let clock: Clock = systemClock;
  let region: string;
  let known: ReturnType<typeof knownPrincipalsOf> = [];
  let close: () => Promise<void>;
  if (options.sandbox) {
    const session = await startSandboxSession(options.sandbox, {
      ...(options.region ? { region: options.region } : {}),
      quotaShare: config.AWS_QUOTA_SHARE,
    });
    ({ clients, region } = session);
    clock = session.sandbox.clock;
    known = knownPrincipalsOf(session.snapshot);
    close = () => session.close();
  } else {
    const resolved = options.region ?? config.AWS_REGION ?? (await resolveDefaultRegion());
    if (!resolved)
      throw new UsageError(
        'no AWS region: pass --region, or set AWS_REGION to the region of your Identity Center instance',
      );
    region = resolved;
    clients = createAwsClients({ region, quotaShare: config.AWS_QUOTA_SHARE });
    close = async () => clients.destroy();
  }
  try {
    const resolution = await resolveInstance(clients, region, config.IDENTITY_CENTER_INSTANCE_ARN).catch(
      (error: unknown) => {
        const e = toAwsCallError(error, 'sso', 'ListInstances');
        throw new IdentityCenterUnreadableError(
          `could not read Identity Center in ${region} (${e.action}: ${e.awsErrorName ?? e.code}); check your AWS credentials and --region`,
        );
      },
    );
    switch (resolution.kind) {
      case 'found':
        break;
      case 'none':
        throw new IdentityCenterUnreadableError(
          `no Identity Center instance in ${region}: pass --region with the region of your instance`,
        );
      case 'ambiguous':
        throw new UsageError(
          `several Identity Center instances: set IDENTITY_CENTER_INSTANCE_ARN to one of ${resolution.instanceArns.join(', ')}`,
        );
      case 'configured-missing':
        throw new UsageError(
          `IDENTITY_CENTER_INSTANCE_ARN ${resolution.configuredArn} is not an instance here (found: ${resolution.instanceArns.join(', ') || 'none'})`,
        );
    }
    const { InstanceArn, IdentityStoreId } = resolution.instance;
    const report = await scanDrift({
      clients,
      instance: { InstanceArn, IdentityStoreId },
      // Without the bot's table, the CLI knows earlier names only from a snapshot's knownPrincipals.
      inventory: new InMemoryInventoryStore(known),
      memory: new InMemoryPrincipalMemory(known),
      cursors: new InMemoryCursorStore(),
      clock,
      logger: silentLogger(),
    });
    if (options.json) io.out(JSON.stringify(driftReportJson(report), null, 2));
    else for (const line of renderDriftText(report)) io.out(line);
    return 0;
  } finally {
    await close();
  }
}

/** The scan for a person at a terminal: one paragraph per drift, then what could not be read. */
export function renderDriftText(report: DriftReport): string[] {
  const lines: string[] = [];
  if (report.drifts.length === 0) lines.push('No drift found.');
  else lines.push(`${report.drifts.length} drift${report.drifts.length === 1 ? '' : 's'} found:`, '');
  for (const d of report.drifts) {
    lines.push(`• ${d.kind}: ${d.summary}`);
    lines.push(`  accounts: ${d.accounts.map((a) => (a.name ? `${a.name} (${a.id})` : a.id)).join(', ')}`);
    if (d.affectedUsers.length > 0)
      lines.push(
        `  people (${d.affectedUsers.length}): ${d.affectedUsers.map((u) => u.userName ?? u.userId).join(', ')}`,
      );
    lines.push(`  fix: ${d.fix ? `${d.fix.fix} (an admin approves it in Slack)` : 'none the bot can make'}`);
    lines.push('');
  }
  if (!report.coverage.complete) {
    lines.push('Could not check everything:');
    for (const g of report.coverage.gaps) lines.push(`  - ${g.check}: ${g.reason}`);
  }
  lines.push(`${report.stats.awsCalls} AWS calls in ${(report.stats.durationMs / 1000).toFixed(1)} s.`);
  return lines;
}
