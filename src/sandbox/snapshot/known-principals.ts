import type { KnownPrincipal } from '../../diagnosis/facts/principal-memory';
import type { Snapshot } from './schema';

/** The snapshot's `knownPrincipals`, as the bot's memory of principals holds them. Entries without a
 * name cannot be matched to anyone and are left out. */
export function knownPrincipalsOf(snapshot: Snapshot): KnownPrincipal[] {
  return (snapshot.knownPrincipals ?? []).flatMap((p) =>
    p.Name
      ? [
          {
            principalId: p.PrincipalId,
            principalType: p.PrincipalType ?? 'USER',
            name: p.Name,
            lastSeen: p.LastSeen ?? snapshot.now ?? new Date(0).toISOString(),
          },
        ]
      : [],
  );
}
