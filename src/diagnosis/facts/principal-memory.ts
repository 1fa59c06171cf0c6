/** What the bot remembers about a principal it saw earlier: the id and the name it had then. Lets
 * `principal-recreated` recognise assignments that point at a user or group that was deleted and
 * re-created under the same name with a new id. */
export interface KnownPrincipal {
  principalId: string;
  principalType: 'USER' | 'GROUP';
  /** A user's UserName or a group's DisplayName. */
  name: string;
  lastSeen: string;
}

/** The bot's memory of principals; the ticket store and the inventory scan persist it. */
export interface PrincipalMemory {
  /** Every remembered principal of that type last known under `name`. */
  findByName(principalType: 'USER' | 'GROUP', name: string): Promise<KnownPrincipal[]>;
  remember(principals: KnownPrincipal[]): Promise<void>;
}

/** A memory held in process: the snapshot's `knownPrincipals`, tests, and the CLI. */
export class InMemoryPrincipalMemory implements PrincipalMemory {
  private readonly byId = new Map<string, KnownPrincipal>();

  constructor(initial: KnownPrincipal[] = []) {
    for (const p of initial) this.byId.set(p.principalId, p);
  }

  async findByName(principalType: 'USER' | 'GROUP', name: string): Promise<KnownPrincipal[]> {
    return [...this.byId.values()].filter((p) => p.principalType === principalType && p.name === name);
  }

  async remember(principals: KnownPrincipal[]): Promise<void> {
    for (const p of principals) {
      const known = this.byId.get(p.principalId);
      if (!known || known.lastSeen <= p.lastSeen) this.byId.set(p.principalId, p);
    }
  }
}
