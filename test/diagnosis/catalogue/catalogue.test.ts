import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE } from '../../../src/diagnosis/catalogue';
import { CAUSE_ID_LIST } from '../../../src/diagnosis/catalogue/ids';
import { CatalogueError, loadCatalogue } from '../../../src/diagnosis/catalogue/load';
import { fillConsolePath } from '../../../src/diagnosis/catalogue/schema';
import { CAUSE_IDS, CAUSES, causeSpec, isCauseId, SYMPTOM_POINTS_TO } from '../../../src/diagnosis/causes';

const DIR = join(__dirname, '../../../src/diagnosis/catalogue');

/** The catalogue as the index holds it, as plain mutable data to break one thing at a time. */
const copy = (): Record<string, Record<string, unknown>> => structuredClone(CATALOGUE) as never;

function refusal(byFolder: Record<string, unknown>): { code: string; message: string } {
  try {
    loadCatalogue(byFolder);
  } catch (err) {
    if (err instanceof CatalogueError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('loadCatalogue accepted it');
}

describe('the cause catalogue (one folder per cause)', () => {
  it('has exactly one folder with a meta.ts per cause id, and the index holds exactly those', () => {
    const folders = readdirSync(DIR)
      .filter((name) => statSync(join(DIR, name)).isDirectory())
      .sort();
    for (const folder of folders) expect(readdirSync(join(DIR, folder))).toContain('meta.ts');
    expect(folders).toEqual([...CAUSE_ID_LIST].sort());
    expect(Object.keys(CATALOGUE).sort()).toEqual(folders);
  });

  it('keeps catalogue order: ids.ts order, sections A to E in turn', () => {
    expect(Object.keys(CATALOGUE)).toEqual([...CAUSE_ID_LIST]);
    const sections = CAUSE_ID_LIST.map((id) => CATALOGUE[id].section);
    expect(sections).toEqual([...sections].sort());
    expect(CAUSE_IDS).toEqual(CAUSE_ID_LIST);
  });

  it('serves the views the rest of the code reads', () => {
    expect(causeSpec('provisioning-in-progress')).toMatchObject({
      severity: 'blocking',
      section: 'C',
      audience: ['wait'],
    });
    expect(CAUSES['signin-works'].severity).toBe('info');
    expect(isCauseId('account-not-active')).toBe(true);
    expect(isCauseId('toString')).toBe(false);
    expect(SYMPTOM_POINTS_TO['symptom-mfa-not-verified']).toEqual([
      'mfa-code-failures',
      'mfa-registration-required',
    ]);
    expect(Object.keys(SYMPTOM_POINTS_TO)).toHaveLength(16);
  });

  it('declares the amended precedence of "Choosing the primary cause"', () => {
    const declared = Object.fromEntries(
      CAUSE_ID_LIST.flatMap((id) =>
        CATALOGUE[id].outranks.length > 0
          ? [[id, CATALOGUE[id].outranks.map((o) => `${o.cause} ${o.scope}`)]]
          : [],
      ),
    );
    expect(declared).toEqual({
      'instance-not-found': ['* always'],
      'user-not-found': ['* everything-needing-user'],
      'user-disabled': ['* everything-needing-user'],
      'username-not-email': ['username-mismatch always'],
      'principal-recreated': ['no-assignments always', 'not-assigned-to-account always'],
      'provisioning-in-progress': ['permission-set-not-provisioned same-account-and-permission-set'],
      'provisioning-failed': ['permission-set-not-provisioned same-account-and-permission-set'],
      'account-not-active': ['* same-account'],
      'mfa-code-failures': ['mfa-registration-required always'],
    });
  });
});

describe('loading the catalogue refuses what contradicts itself', () => {
  it('accepts the catalogue as it is', () => {
    expect(Object.keys(loadCatalogue(copy()))).toEqual([...CAUSE_ID_LIST]);
  });

  it('refuses a field the schema does not know', () => {
    const c = copy();
    c['user-disabled']!.severty = 'warning';
    expect(refusal(c)).toEqual({
      code: 'invalid-meta',
      message: expect.stringContaining('catalogue/user-disabled/meta.ts'),
    });
    expect(refusal(c).message).toMatch(/severty/);
  });

  it('refuses a meta whose id is not its folder name', () => {
    const c = copy();
    c['user-disabled']!.id = 'user-not-found';
    expect(refusal(c)).toEqual({
      code: 'id-mismatch',
      message: 'catalogue/user-disabled/meta.ts declares id "user-not-found"',
    });
  });

  it('refuses a folder that is no cause id, and a cause id with no folder', () => {
    const extra = { ...copy(), 'user-gone': CATALOGUE['user-not-found'] };
    expect(refusal(extra).code).toBe('unknown-folder');
    const missing = copy();
    delete missing['signin-works'];
    expect(refusal(missing)).toEqual({
      code: 'missing-cause',
      message: 'cause "signin-works" has no meta in the catalogue',
    });
  });

  it('refuses an outranks entry naming no known cause, or a cause outranking itself', () => {
    const unknown = copy();
    unknown['mfa-code-failures']!.outranks = [{ cause: 'mfa-registration', scope: 'always' }];
    expect(refusal(unknown).code).toBe('invalid-meta');
    const self = copy();
    self['mfa-code-failures']!.outranks = [{ cause: 'mfa-code-failures', scope: 'always' }];
    expect(refusal(self).message).toMatch(/does not outrank itself/);
  });

  it('refuses an unknown scope, and everything-needing-user naming one cause', () => {
    const scope = copy();
    scope['account-not-active']!.outranks = [{ cause: '*', scope: 'same-region' }];
    expect(refusal(scope).code).toBe('invalid-meta');
    const named = copy();
    named['user-disabled']!.outranks = [{ cause: 'no-assignments', scope: 'everything-needing-user' }];
    expect(refusal(named).message).toMatch(/use cause '\*'/);
  });

  it('refuses two causes that each claim to outrank the other', () => {
    const c = copy();
    c['mfa-registration-required']!.outranks = [{ cause: 'mfa-code-failures', scope: 'always' }];
    expect(refusal(c)).toEqual({
      code: 'mutual-outranks',
      message: '"mfa-code-failures" and "mfa-registration-required" each declare that they outrank the other',
    });
  });

  it('refuses a symptom without pointsTo, pointsTo on a cause, and a symptom pointing at a symptom', () => {
    const noPoints = copy();
    delete noPoints['symptom-no-emails']!.pointsTo;
    expect(refusal(noPoints).message).toMatch(/pointsTo/);
    const onCause = copy();
    onCause['no-assignments']!.pointsTo = [];
    expect(refusal(onCause).message).toMatch(/pointsTo/);
    const toSymptom = copy();
    toSymptom['symptom-no-emails']!.pointsTo = ['symptom-no-accounts'];
    expect(refusal(toSymptom).message).toMatch(/symptom-no-accounts is a symptom/);
  });

  it('refuses a fix with nothing in it, an unknown fix id, and words that do not name the approved fix', () => {
    const empty = copy();
    empty['no-assignments']!.fix = {};
    expect(refusal(empty).message).toMatch(/a fix needs text, approve, or both/);
    const unknownFix = copy();
    unknownFix['no-assignments']!.fix = { approve: ['grant-everything'] };
    expect(refusal(unknownFix).code).toBe('invalid-meta');
    const unnamed = copy();
    unnamed['no-assignments']!.fix = { text: 'assign an account', approve: ['grant-account-access'] };
    expect(refusal(unnamed).message).toMatch(/does not name approve:grant-account-access/);
  });

  it('refuses an unknown console placeholder and a malformed API action', () => {
    const placeholder = copy();
    placeholder['no-assignments']!.consolePath = 'IAM Identity Center > AWS accounts > {acount}';
    expect(refusal(placeholder).message).toMatch(/unknown placeholder \{acount\}/);
    const action = copy();
    action['no-assignments']!.apiAction = 'CreateAccountAssignment';
    expect(refusal(action).code).toBe('invalid-meta');
  });
});

describe('console paths', () => {
  it('fill what the finding names and show the rest as placeholders', () => {
    const template = CATALOGUE['permission-set-not-provisioned'].consolePath ?? '';
    expect(fillConsolePath(template, { account: 'staging' })).toBe(
      'IAM Identity Center > Multi-account permissions > AWS accounts > staging > Permission sets',
    );
    expect(fillConsolePath(CATALOGUE['permission-set-empty'].consolePath ?? '', {})).toBe(
      'IAM Identity Center > Multi-account permissions > Permission sets > <permission set> > Permissions',
    );
  });
});
