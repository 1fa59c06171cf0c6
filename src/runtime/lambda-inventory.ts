import { loadConfig } from '../config/env';
import { type InventoryStore, openInventoryStore } from '../inventory/inventory-store';
import { resolveInstance } from '../inventory/resolve-instance';
import { type InventoryScanSummary, runInventoryScan } from '../inventory/scan';
import { createLogger } from '../log/logger';
import { type BotServices, buildServices } from './services';

/** The Lambda's timeout (infra/lib/inventory.ts) and what a scan leaves of it to save its cursor. */
export const INVENTORY_TIMEOUT_MS = 10 * 60_000;
export const INVENTORY_MARGIN_MS = 60_000;

let cached: Promise<{ services: BotServices; store: InventoryStore }> | undefined;

/** The scheduled inventory scan (EventBridge): one budgeted run, resumed by the next when it stops. */
export const handler = async (
  _event?: unknown,
  context?: { getRemainingTimeInMillis?: () => number },
): Promise<InventoryScanSummary> => {
  cached ??= (async () => {
    const config = loadConfig(process.env);
    const services = await buildServices(config, {
      logger: createLogger({ level: config.LOG_LEVEL, name: 'cant-login-inventory' }),
      mode: 'lambda',
    });
    const store = await openInventoryStore({
      ...(config.TICKETS_TABLE ? { tableName: config.TICKETS_TABLE } : {}),
      region: services.diagnosis.settings.region,
      clock: services.clock,
    });
    return { services, store };
  })().catch((error: unknown) => {
    cached = undefined; // a failed cold start is retried by the next invocation
    throw error;
  });
  const { services, store } = await cached;
  const remaining = context?.getRemainingTimeInMillis?.() ?? INVENTORY_TIMEOUT_MS;
  const budgetMs = Math.max(0, Math.min(remaining, INVENTORY_TIMEOUT_MS) - INVENTORY_MARGIN_MS);
  const { region, instanceArn } = services.diagnosis.settings;
  const resolution = await resolveInstance(services.aws, region, instanceArn);
  if (resolution.kind !== 'found')
    throw new Error(`inventory scan: no usable Identity Center instance (${resolution.kind})`);
  const { InstanceArn, IdentityStoreId } = resolution.instance;
  const summary = await runInventoryScan({
    clients: services.aws,
    instance: { InstanceArn, IdentityStoreId },
    memory: services.store.principals,
    store,
    clock: services.clock,
    budgetMs,
  });
  services.logger.info({ inventory: summary, budgetMs }, 'inventory scan run');
  return summary;
};
