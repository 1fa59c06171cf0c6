import type { DiagnosisRequest, Finding, Subject } from '../diagnosis/types';

/** What an explanation may draw on besides the finding itself. */
export interface ExplainContext {
  subject: Subject | null;
  request: DiagnosisRequest;
}

/** Who has to act next, in the employee's terms. */
export type WhoActs = 'you' | 'admin' | 'idp-admin' | 'nobody';

/** A cause told to the person who cannot get in: no jargon, no API names, no ids; the account and
 * permission set names they see in the portal. */
export interface EmployeeExplanation {
  /** One sentence: what is wrong, e.g. "Your ReadOnly access to staging has not been set up in that account yet." */
  headline: string;
  /** One to three sentences of why, in plain words. */
  body: string;
  whoActs: WhoActs;
  /** What the person can do now (may be empty when there is nothing for them to do). */
  nextSteps: string[];
  /** What happens next (who will do what, or what the bot will do). */
  whatHappensNext: string;
}

/** The same cause for an Identity Center administrator: ids, ARNs, names, where to click, which API. */
export interface AdminExplanation {
  headline: string;
  /** Facts as short lines: ids, ARNs, account names, times, request ids. */
  details: string[];
  /** Where in the console to look or act, e.g. "IAM Identity Center > AWS accounts > staging". */
  consolePath?: string;
  /** The API action that fixes or shows it, e.g. "sso:ProvisionPermissionSet". */
  apiAction?: string;
  /** What to do about it. */
  remedy: string;
}

export type EmployeeExplainer = (finding: Finding, ctx: ExplainContext) => EmployeeExplanation;
export type AdminExplainer = (finding: Finding, ctx: ExplainContext) => AdminExplanation;
