import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'bot-permission-missing',
  section: 'A',
  severity: 'warning',
  audience: ['admin'],
  needsUser: false,
  evidence:
    "a check got AccessDenied; name the exact IAM action the bot's role lacks. Never blamed on the person; the report says which checks could not run. It is the primary cause only when nothing else was found and some checks could not run",
  fix: {
    text: "grant the action to the bot's role",
  },
  consolePath: 'IAM > Roles > <the bot diagnosis role> > Permissions',
  remedy:
    "Grant the missing action, named in the finding, to the bot's read-only diagnosis role, then diagnose again.",
  outranks: [],
};
