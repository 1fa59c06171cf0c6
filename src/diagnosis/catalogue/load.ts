import { CAUSE_ID_LIST, type CauseId } from './ids';
import { type CauseMeta, causeMetaSchema } from './schema';

export type CatalogueErrorCode =
  | 'invalid-meta'
  | 'id-mismatch'
  | 'unknown-folder'
  | 'missing-cause'
  | 'mutual-outranks';

/** The catalogue's data contradicts itself; thrown at load, so a broken meta stops the bot starting. */
export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
  constructor(
    readonly code: CatalogueErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Validates every meta and the catalogue as a whole, and returns it keyed by cause id in catalogue
 * order: each meta valid (unknown fields refused), its `id` equal to its folder name, every folder a
 * known id and every known id a folder, and no two causes naming each other in `outranks` (precedence
 * must say which one explains the other).
 */
export function loadCatalogue(byFolder: Record<string, unknown>): Record<CauseId, CauseMeta> {
  const known = new Set<string>(CAUSE_ID_LIST);
  for (const folder of Object.keys(byFolder))
    if (!known.has(folder))
      throw new CatalogueError('unknown-folder', `catalogue folder "${folder}" is not a cause id in ids.ts`);
  const entries = CAUSE_ID_LIST.map((id): [CauseId, CauseMeta] => {
    if (!Object.hasOwn(byFolder, id))
      throw new CatalogueError('missing-cause', `cause "${id}" has no meta in the catalogue`);
    const parsed = causeMetaSchema.safeParse(byFolder[id]);
    if (!parsed.success)
      throw new CatalogueError(
        'invalid-meta',
        `catalogue/${id}/meta.ts: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(meta)'}: ${i.message}`).join('; ')}`,
      );
    if (parsed.data.id !== id)
      throw new CatalogueError('id-mismatch', `catalogue/${id}/meta.ts declares id "${parsed.data.id}"`);
    return [id, parsed.data];
  });
  const catalogue = Object.fromEntries(entries) as Record<CauseId, CauseMeta>;
  for (const [id, meta] of entries)
    for (const o of meta.outranks)
      if (o.cause !== '*' && catalogue[o.cause].outranks.some((back) => back.cause === id))
        throw new CatalogueError(
          'mutual-outranks',
          `"${id}" and "${o.cause}" each declare that they outrank the other`,
        );
  return catalogue;
}
