import type { Drift } from './types';

/** Account names that mean production, as the approval card's risk note reads them (src/fixes/dry-run.ts). */
export const isProductionAccount = (name: string | undefined): boolean => Boolean(name && /prod/i.test(name));

/** How far a drift reaches: how many people, which accounts, and which of those are production. */
export interface BlastRadius {
  people: number;
  accounts: Array<{ id: string; name?: string; production: boolean }>;
  /** The production accounts, named ("prod-us (902716384451)"). */
  production: string[];
  /** The organisation's management account, when the drift touches it. */
  management: boolean;
}

export function blastRadius(drift: Drift, managementAccountId?: string): BlastRadius {
  const accounts = drift.accounts.map((a) => ({ ...a, production: isProductionAccount(a.name) }));
  return {
    people: drift.affectedUsers.length,
    accounts,
    production: accounts.filter((a) => a.production).map((a) => (a.name ? `${a.name} (${a.id})` : a.id)),
    management: managementAccountId !== undefined && accounts.some((a) => a.id === managementAccountId),
  };
}
