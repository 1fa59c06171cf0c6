import { SECTION_ORDER } from '../rank';
import { CAUSE_ID_LIST, FIX_ID_LIST } from './ids';
import { CATALOGUE } from './index';
import { type CauseMeta, type OutrankScope, type Outranks, placeholderLabel, type Section } from './schema';

/*
 * docs/causes.md and the README's "What it detects" and "How the primary cause is chosen" parts,
 * written from the catalogue (`npm run docs:causes`). Pure: returns text; `write-docs.ts` writes the
 * files and a test fails when they differ from what this returns. The prose that is about the product
 * rather than one cause lives here; everything about one cause comes from its meta.ts.
 */

type FixId = (typeof FIX_ID_LIST)[number];

interface SectionText {
  /** The heading in docs/causes.md. */
  heading: string;
  /** The label in the README's table. */
  readme: string;
  /** How rule 3 names it ("where the person meets the problem"). */
  meets: string;
  /** Prose after the section's table. */
  notes?: readonly string[];
  /** Prose before the section's table. */
  intro?: readonly string[];
}

const SECTIONS: Record<Section, SectionText> = {
  A: { heading: "Setup (the bot's own view of the organisation)", readme: 'A. setup', meets: 'setup' },
  B: { heading: 'The user record', readme: 'B. the user record', meets: 'the user record' },
  C: { heading: 'Access after sign-in', readme: 'C. access after sign-in', meets: 'access after sign-in' },
  D: {
    heading: "Sign-in evidence (CloudTrail, in the instance's region and account)",
    readme: 'D. sign-in evidence (CloudTrail)',
    meets: 'signing in',
    notes: [
      "Sign-in events are matched by `userIdentity.onBehalfOf.userId` (CloudTrail's format since 2025-07-14),",
      'by `additionalEventData.UserName` and by the older `userIdentity.userName`; the top-level `Username`',
      'of these events is often empty, so it is never relied on alone. `CredentialChallenge` and',
      "`CredentialVerification` events exist only for people who sign in through Identity Center's own",
      'directory or AD, not through an external IdP.',
      '',
      '"Recent", anywhere in this catalogue, means inside the diagnosis window: the last 24 hours unless',
      "configured otherwise, counted back from the diagnosis clock (the snapshot's `now` in the sandbox).",
    ],
  },
  E: {
    heading: 'Symptoms known only from what the person reports',
    readme: 'E. what the person reports',
    meets: 'what the person reports',
    intro: [
      'Matched from error text the person pastes or a symptom they pick. Each has its own explanation, and',
      'the causes it points to are checked first and rank first. A `symptom-*` id is the primary cause',
      'only when the person reported that symptom and no blocking cause was found with evidence.',
    ],
  },
};

const SECTION_IDS: readonly Section[] = ['A', 'B', 'C', 'D', 'E'];

/** What each fix does and when it refuses; which causes propose it comes from their meta. */
const FIXES: Record<FixId, { calls: string; refuses: string }> = {
  'provision-permission-set': {
    calls:
      '`ProvisionPermissionSet` (one target account), then `DescribePermissionSetProvisioningStatus` until it finishes',
    refuses: 'the target is the management account and the bot runs as delegated administrator',
  },
  'repoint-assignments': {
    calls:
      'for each stale assignment: `CreateAccountAssignment` for the current principal and wait, then `DeleteAccountAssignment` of the stale one and wait',
    refuses: "the current principal's name is not exactly the stale one's last known name",
  },
  'grant-account-access': {
    calls:
      '`CreateAccountAssignment` (the approver picks the permission set, and the account when the person named none), then `DescribeAccountAssignmentCreationStatus`',
    refuses: 'the approver picks nothing; the account is not active',
  },
  'add-to-group': {
    calls: '`CreateGroupMembership`',
    refuses:
      'the store is fed by an external IdP, whose sync would undo it: the bot says so and points to the IdP instead',
  },
};

const SEVERITY_LETTER = { blocking: 'B', warning: 'W', info: 'I' } as const;

const code = (s: string) => `\`${s}\``;
/** A table cell: a pipe would end the cell early. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function joinWords(items: readonly string[], word = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

const metas = (): CauseMeta[] => CAUSE_ID_LIST.map((id) => CATALOGUE[id]);
const inSection = (section: Section) => metas().filter((m) => m.section === section);

function fixText(meta: CauseMeta): string {
  if (meta.fix.text) return meta.fix.text;
  return (meta.fix.approve ?? []).map((id) => code(`approve:${id}`)).join(' or ');
}

function consoleText(path: string | undefined): string {
  return path ? code(path.replace(/\{([^}]*)\}/g, (_, name: string) => placeholderLabel(name))) : '—';
}

// --- rule 2, from the outranks declarations ----------------------------------------------------------

/** The causes that need no user record, as rule 2 names them (symptoms as one group). */
function needNoUser(): string {
  const ids = metas().filter((m) => !m.needsUser && m.section !== 'E');
  return joinWords([...ids.map((m) => code(m.id)), 'the reported symptoms']);
}

function targets(scope: OutrankScope, entries: readonly Outranks[]): string {
  const named = entries.filter((o) => o.cause !== '*').map((o) => code(o.cause));
  const wildcard = entries.some((o) => o.cause === '*');
  switch (scope) {
    case 'always':
      return wildcard ? 'every other cause' : joinWords(named);
    case 'everything-needing-user':
      return `every cause that needs the user record (all but ${needNoUser()})`;
    case 'same-account':
      return wildcard
        ? 'every other cause about the same account'
        : `${joinWords(named)} about the same account`;
    case 'same-account-and-permission-set':
      return `${joinWords(named)} for the same account and permission set`;
    default: {
      const unknown: never = scope;
      throw new Error(`unknown outrank scope ${String(unknown)}`);
    }
  }
}

/** Causes declaring the very same `outranks` share one line of rule 2. */
function declarationGroups(): CauseMeta[][] {
  const groups = new Map<string, CauseMeta[]>();
  for (const meta of metas().filter((m) => m.outranks.length > 0)) {
    const key = meta.outranks.map((o) => `${o.cause} ${o.scope}`).join('|');
    groups.set(key, [...(groups.get(key) ?? []), meta]);
  }
  return [...groups.values()];
}

function outranksLine(group: readonly CauseMeta[]): string {
  const outranks = group[0]?.outranks ?? [];
  const byScope = new Map<OutrankScope, Outranks[]>();
  for (const o of outranks) byScope.set(o.scope, [...(byScope.get(o.scope) ?? []), o]);
  const parts = [...byScope].map(([scope, entries]) => targets(scope, entries));
  const whys = [...new Set(group.flatMap((m) => m.outranks.flatMap((o) => (o.why ? [o.why] : []))))];
  const verb = group.length > 1 ? 'outrank' : 'outranks';
  return `${joinWords(group.map((m) => code(m.id)))} ${verb} ${joinWords(parts)}${whys.length > 0 ? `: ${whys.join('; ')}` : ''}`;
}

/** Wraps one list item to the width of the hand-written prose around it. */
function wrap(text: string, first: string, rest: string, width = 100): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width && line.trim().length > first.trim().length) {
      lines.push(line.trimEnd());
      line = rest;
    }
    line += line === first || line === rest ? word : ` ${word}`;
  }
  lines.push(line.trimEnd());
  return lines;
}

/** The four rules of "Choosing the primary cause", as numbered markdown lines. */
export function renderRules(): string[] {
  const info = metas().filter((m) => m.severity === 'info');
  const groups = declarationGroups();
  const order = (['A', 'B', 'C', 'D'] as const)
    .slice()
    .sort((a, b) => SECTION_ORDER[a] - SECTION_ORDER[b])
    .map((s) => `${SECTIONS[s].meets} (${s})`);
  const item = (n: number, text: string) => wrap(text, `${n}. `, '   ');
  return [
    ...item(
      1,
      `Only blocking (\`B\`) causes found with evidence compete. If there is none, the symptom the person reported is primary (the bot explains what they see); failing that a warning (\`W\`) may be primary; information (${joinWords(info.map((m) => code(m.id)))}) never is. \`bot-permission-missing\` is primary only when nothing else was found and some checks could not run.`,
    ),
    ...item(
      2,
      'A cause that explains another outranks it. This is a principle, declared per cause in its `meta.ts` (`outranks`); the cases so far:',
    ),
    ...groups.flatMap((group, i) =>
      wrap(`${outranksLine(group)}${i === groups.length - 1 ? '.' : ';'}`, '   - ', '     '),
    ),
    '',
    ...wrap(
      'Two findings that would each explain the other (two broad declarations meeting) explain neither; the next rules decide between them.',
      '   ',
      '   ',
    ),
    ...item(3, `Then by where the person meets the problem: ${joinWords(order)}.`),
    ...item(
      4,
      'Among what is still tied, causes that the reported symptom points to come first; then the most recent evidence; then the order of this catalogue.',
    ),
  ];
}

// --- docs/causes.md ---------------------------------------------------------------------------------

function causeTable(section: Section): string[] {
  return [
    '| id | sev | audience | evidence | fix |',
    '|---|---|---|---|---|',
    ...inSection(section).map(
      (m) =>
        `| ${code(m.id)} | ${SEVERITY_LETTER[m.severity]} | ${m.audience.join(' / ')} | ${cell(m.evidence)} | ${cell(fixText(m))} |`,
    ),
  ];
}

function symptomTable(): string[] {
  return [
    '| id | what the person sees | checked first | what else to look at |',
    '|---|---|---|---|',
    ...inSection('E').map((m) => {
      const points = (m.pointsTo ?? []).map(code).join(', ') || '—';
      return `| ${code(m.id)} | ${cell(m.evidence)} | ${points} | ${cell(fixText(m))} |`;
    }),
  ];
}

function adminTable(): string[] {
  return [
    '| id | console | API action |',
    '|---|---|---|',
    ...metas().map(
      (m) =>
        `| ${code(m.id)} | ${cell(consoleText(m.consolePath))} | ${m.apiAction ? code(m.apiAction) : '—'} |`,
    ),
  ];
}

function fixTable(): string[] {
  const proposedBy = (fix: FixId) =>
    metas()
      .filter((m) => m.fix.approve?.includes(fix))
      .map((m) => code(m.id));
  return [
    '| fix id | proposed for | AWS calls | refused when |',
    '|---|---|---|---|',
    ...FIX_ID_LIST.map(
      (fix) =>
        `| ${code(fix)} | ${joinWords(proposedBy(fix))} | ${cell(FIXES[fix].calls)} | ${cell(FIXES[fix].refuses)} |`,
    ),
  ];
}

export function renderCausesDoc(): string {
  const sections = SECTION_IDS.flatMap((s) => [
    `## ${s}. ${SECTIONS[s].heading}`,
    '',
    ...(SECTIONS[s].intro ? [...SECTIONS[s].intro, ''] : []),
    ...(s === 'E' ? symptomTable() : causeTable(s)),
    '',
    ...(SECTIONS[s].notes ? [...SECTIONS[s].notes, ''] : []),
  ]);
  return [
    '<!-- Generated from src/diagnosis/catalogue/<cause-id>/meta.ts by `npm run docs:causes`. Edit the metadata, not this file. -->',
    '',
    '# The cause catalogue',
    '',
    'Every reason the bot can give when someone says "I can\'t sign in" or "I can\'t get into my account",',
    "each under a stable id. The ids are a public contract: they appear in the CLI's `--json` output, in",
    'tickets, in logs and in metrics, so an id is never renamed; a new reason gets a new id.',
    '',
    'This file is generated from the catalogue in `src/diagnosis/catalogue/`: one folder per cause, whose',
    '`meta.ts` holds its section, severity, audience, evidence, fix, console path, API action, remedy and',
    'what it outranks. Change the metadata, then run `npm run docs:causes`; a test fails while this file',
    'and the metadata disagree.',
    '',
    'Columns:',
    '- **sev**: `B` blocking (the person cannot get in, or cannot use the account, until it is fixed),',
    '  `W` warning (something is wrong or risky, but it may not be what stops them), `I` information',
    '  (context for the report; never the primary cause).',
    '- **audience**: who has to act, most likely first. `user` (the person themselves), `admin` (an',
    '  Identity Center administrator), `idp-admin` (whoever runs Okta, Entra ID, Google or AD), `wait`',
    '  (nobody; it resolves itself).',
    '- **evidence**: what the bot reads to conclude it. A symptom (section E) is known only from what',
    '  the person reports (the error text they paste or pick), not proven through an API.',
    '- **fix**: `approve:<fix-id>` is a fix the bot carries out once an admin approves it (see the fixes',
    '  at the end); anything else is the steps a person takes.',
    '',
    ...sections,
    '## Where an administrator looks',
    '',
    "The console path and the API action an administrator's explanation starts from; `<account>`,",
    '`<permission set>`, `<user>` and `<application>` are filled from the finding.',
    '',
    ...adminTable(),
    '',
    '## Choosing the primary cause',
    '',
    'Exactly one `primaryCause`, or none when nothing is wrong. In order:',
    ...renderRules(),
    '',
    'The other findings follow in the same order. The rules live in `src/diagnosis/rank.ts`; what each',
    'cause outranks is declared in its `meta.ts`.',
    '',
    '## What the bot could not see',
    '',
    'Saying that nothing is wrong is a claim about evidence, so the bot makes it only when it read all of',
    'that evidence.',
    '- A check that read only part of what it needed (a page limit reached, CloudTrail not covering the',
    '  whole window, throttling that outlasted the retries, a time-out) ends `incomplete`, never `pass`. A',
    '  check that AWS refused ends `error` and names the IAM action it was denied. A check skipped because',
    '  something it depends on could not be read counts as not covered.',
    '- Every report states its coverage: complete, or the list of what could not be checked and why. With',
    '  gaps and no cause found, the person reads "I found nothing wrong in what I could check, but I could',
    '  not check: …", never that all is well and never that it is probably their browser.',
    '- When Identity Center cannot be read at all for a reason other than a refusal (no credentials, an',
    '  endpoint that does not answer, a region with no instance), there is no diagnosis: the CLI exits',
    '  with one line saying what failed, and in Slack the person hears that the bot cannot check right',
    '  now while the admins hear why.',
    '',
    '## Fixes the bot may carry out after approval',
    '',
    'Just before it runs, each fix checks its precondition again; it records every AWS request id, waits',
    'for the asynchronous status, then diagnoses again to confirm the problem is gone.',
    '',
    ...fixTable(),
    '',
  ].join('\n');
}

// --- README -----------------------------------------------------------------------------------------

/** The README's "What it detects" table. */
export function renderReadmeTable(): string[] {
  return [
    '| section | cause ids |',
    '|---|---|',
    ...SECTION_IDS.map(
      (s) =>
        `| ${SECTIONS[s].readme} | ${inSection(s)
          .map((m) => `${code(m.id)}${m.severity === 'info' ? ' (information only)' : ''}`)
          .join(', ')} |`,
    ),
  ];
}

/** The README's "How the primary cause is chosen". */
export function renderReadmeRules(): string[] {
  return [
    'Exactly one `primaryCause`, or `null` when nothing is wrong:',
    '',
    ...renderRules(),
    '',
    'The other findings follow in the same order. The rules live in `src/diagnosis/rank.ts`; what each',
    'cause outranks is declared in `src/diagnosis/catalogue/<cause-id>/meta.ts`.',
  ];
}

/** The generated parts of the README, each between `<!-- name:start -->` and `<!-- name:end -->`. */
export const README_BLOCKS: Record<'causes' | 'precedence', () => string[]> = {
  causes: renderReadmeTable,
  precedence: renderReadmeRules,
};

/** The README with every generated block replaced; throws when a block's markers are missing. */
export function renderReadme(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(README_BLOCKS)) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no "${start}" … "${end}" block`);
    out = `${out.slice(0, from + start.length)}\n${render().join('\n')}\n${out.slice(to)}`;
  }
  return out;
}
