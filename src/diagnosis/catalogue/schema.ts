import { z } from 'zod';
import type { FixId } from '../types';
import { CAUSE_ID_LIST, type CauseId, FIX_ID_LIST } from './ids';

/*
 * The shape of one cause's metadata (`<cause-id>/meta.ts`), kept as data beside the cause the way
 * Prowler keeps a `metadata.json` beside each check: docs/causes.md, the README's table, the admin
 * explanation's static parts and the precedence rules are all read from it, so none of them is
 * hand-kept. Checked twice: by the compiler (`CauseMeta`) and at load by zod, which also refuses
 * fields the compiler cannot see (a meta built at run time, a typo behind a cast).
 */

export type Severity = 'blocking' | 'warning' | 'info';
/** Who must act on a cause. */
export type Audience = 'user' | 'admin' | 'idp-admin' | 'wait';
/** A: setup, B: the user record, C: access after sign-in, D: sign-in evidence, E: reported symptoms. */
export type Section = 'A' | 'B' | 'C' | 'D' | 'E';

/**
 * When a finding of the declaring cause outranks a finding of the named one (rule 2, "a cause that
 * explains another outranks it"):
 * - `always`: whenever both were found;
 * - `everything-needing-user`: the other cause can only be found for a user record that exists
 *   (its `needsUser`); only with `cause: '*'`;
 * - `same-account`: both findings name the same account;
 * - `same-account-and-permission-set`: both name the same account and the same permission set.
 */
export const OUTRANK_SCOPES = [
  'always',
  'everything-needing-user',
  'same-account',
  'same-account-and-permission-set',
] as const;
export type OutrankScope = (typeof OUTRANK_SCOPES)[number];

/** One precedence declaration; `cause: '*'` is every other cause (narrowed by the scope). */
export interface Outranks {
  cause: CauseId | '*';
  scope: OutrankScope;
  /** Why the one explains the other, for the docs. */
  why?: string;
}

/** How a cause is fixed: steps in words, fixes the bot may carry out after approval, or both (then the
 * words name each fix as `approve:<fix-id>`). */
export interface CauseFix {
  text?: string;
  approve?: readonly FixId[];
}

export interface CauseMeta {
  /** Equal to the folder name. */
  id: CauseId;
  section: Section;
  severity: Severity;
  /** Who must act, most likely first. */
  audience: readonly [Audience, ...Audience[]];
  /** Found only for a user record that exists: outranked by causes that say there is none to use. */
  needsUser: boolean;
  /** What the bot reads to conclude it (markdown); for a symptom, what the person sees. */
  evidence: string;
  fix: CauseFix;
  /** Where an administrator looks or acts; `{account}`, `{permissionSet}`, `{user}`, `{application}`
   * and `{group}` are filled from the finding. */
  consolePath?: string;
  /** The API action that shows or fixes it, e.g. `sso:ProvisionPermissionSet`. */
  apiAction?: string;
  /** What an administrator does about it, when the finding adds nothing more particular. */
  remedy: string;
  outranks: readonly Outranks[];
  /** Symptoms only: the causes to look at first when the person reports it. */
  pointsTo?: readonly CauseId[];
}

/** The names the console paths may leave for the finding to fill. */
export const CONSOLE_PLACEHOLDERS = ['account', 'permissionSet', 'user', 'application', 'group'] as const;
export type ConsolePlaceholder = (typeof CONSOLE_PLACEHOLDERS)[number];

// Fails to compile when a fix is added to `FixProposal` but not to `FIX_ID_LIST`, or the other way.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type FixIdsMatchFixProposal = Assert<Same<(typeof FIX_ID_LIST)[number], FixId>>;

const causeId = z.enum(CAUSE_ID_LIST);
const audience = z.enum(['user', 'admin', 'idp-admin', 'wait']);
const PLACEHOLDER = /\{([^}]*)\}/g;
const API_ACTION = /^(sso|identitystore|cloudtrail|organizations|iam):[A-Z][A-Za-z]+$/;

const outranksSchema = z
  .strictObject({
    cause: z.union([causeId, z.literal('*')]),
    scope: z.enum(OUTRANK_SCOPES),
    why: z.string().min(1).optional(),
  })
  .refine((o) => o.scope !== 'everything-needing-user' || o.cause === '*', {
    message: "scope 'everything-needing-user' selects causes by their needsUser: use cause '*'",
  });

export const causeMetaSchema = z
  .strictObject({
    id: causeId,
    section: z.enum(['A', 'B', 'C', 'D', 'E']),
    severity: z.enum(['blocking', 'warning', 'info']),
    audience: z.tuple([audience], audience),
    needsUser: z.boolean(),
    evidence: z.string().min(1),
    fix: z.strictObject({
      text: z.string().min(1).optional(),
      approve: z.array(z.enum(FIX_ID_LIST)).nonempty().optional(),
    }),
    consolePath: z.string().includes(' > ').optional(),
    apiAction: z.string().regex(API_ACTION).optional(),
    remedy: z.string().min(1),
    outranks: z.array(outranksSchema),
    pointsTo: z.array(causeId).optional(),
  })
  .superRefine((meta, ctx) => {
    const symptom = meta.id.startsWith('symptom-');
    if (symptom !== (meta.section === 'E'))
      ctx.addIssue({
        code: 'custom',
        path: ['section'],
        message: 'symptom-* ids and only they are section E',
      });
    if (symptom !== (meta.pointsTo !== undefined))
      ctx.addIssue({ code: 'custom', path: ['pointsTo'], message: 'symptoms, and only they, have pointsTo' });
    for (const target of meta.pointsTo ?? [])
      if (target.startsWith('symptom-'))
        ctx.addIssue({ code: 'custom', path: ['pointsTo'], message: `${target} is a symptom, not a cause` });
    if (!meta.fix.text && !meta.fix.approve)
      ctx.addIssue({ code: 'custom', path: ['fix'], message: 'a fix needs text, approve, or both' });
    if (meta.fix.text)
      for (const fix of meta.fix.approve ?? [])
        if (!meta.fix.text.includes(`approve:${fix}`))
          ctx.addIssue({
            code: 'custom',
            path: ['fix', 'text'],
            message: `the text does not name approve:${fix}`,
          });
    for (const [, name] of meta.consolePath?.matchAll(PLACEHOLDER) ?? [])
      if (!(CONSOLE_PLACEHOLDERS as readonly string[]).includes(name ?? ''))
        ctx.addIssue({ code: 'custom', path: ['consolePath'], message: `unknown placeholder {${name}}` });
    for (const o of meta.outranks)
      if (o.cause === meta.id)
        ctx.addIssue({ code: 'custom', path: ['outranks'], message: 'a cause does not outrank itself' });
  });

/** Fills a console path's placeholders; one the finding cannot fill reads `<account>`, `<user>`, …. */
export function fillConsolePath(
  template: string,
  values: Partial<Record<ConsolePlaceholder, string | undefined>>,
): string {
  return template.replace(
    PLACEHOLDER,
    (_, name: ConsolePlaceholder) => values[name] ?? placeholderLabel(name),
  );
}

/** How an unfilled placeholder reads: `{permissionSet}` → `<permission set>`. */
export function placeholderLabel(name: string): string {
  return `<${name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}>`;
}
