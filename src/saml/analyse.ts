import { type DecodedInput, decodeSamlInput } from './input';
import type { IdpMetadata, SpMetadata } from './metadata';
import { parseResponse } from './parse';
import { SAML_RULES } from './rules';
import type { ParsedResponse, SamlGap, SamlProblem, UserCheck } from './types';

/** Finds the Identity Center user a sign-in names (the Identity Store behind a port, so the core stays pure). */
export interface SamlUserDirectory {
  lookup(identifier: string): Promise<UserCheck>;
}

export interface AnalyseOptions {
  sp?: SpMetadata;
  idp?: IdpMetadata;
  /** When validity is judged (ms since the epoch). */
  atMs: number;
  /** The person expected to sign in (`--user`); by default the NameID is looked up. */
  user?: string;
  /** Without one, the user rules are reported as not checked, for `noDirectoryReason`. */
  directory?: SamlUserDirectory;
  noDirectoryReason?: string;
}

/** The whole analysis: what the response says, every rule it breaks, and what could not be judged.
 * It holds values read from the response, never the response itself. */
export interface SamlAnalysis {
  input: Omit<DecodedInput, 'xml'>;
  response: ParsedResponse;
  atMs: number;
  problems: SamlProblem[];
  gaps: SamlGap[];
  user: UserCheck;
}

/** Runs every rule over an already decoded response (no I/O except the directory lookup). */
export async function analyseResponseXml(
  decoded: DecodedInput,
  options: AnalyseOptions,
): Promise<SamlAnalysis> {
  const response = parseResponse(decoded.xml, options.idp);
  const identifier = (options.user ?? response.assertion?.nameId ?? '').trim();
  const user: UserCheck = !options.directory
    ? { status: 'not-checked', reason: options.noDirectoryReason ?? 'no Identity Store to ask' }
    : !identifier
      ? {
          status: 'not-checked',
          reason: 'the response names nobody (no readable NameID) and no --user was given',
        }
      : await options.directory.lookup(identifier);
  const ctx = {
    response,
    sp: options.sp,
    idp: options.idp,
    atMs: options.atMs,
    user,
  };
  const problems: SamlProblem[] = [];
  const gaps: SamlGap[] = [];
  for (const rule of SAML_RULES) {
    const outcome = rule.run(ctx);
    switch (outcome.status) {
      case 'ok':
        break;
      case 'problem':
        problems.push({
          id: rule.id,
          severity: outcome.severity,
          summary: outcome.summary,
          fix: outcome.fix,
        });
        break;
      case 'not-checked':
        gaps.push({ rule: rule.id, reason: outcome.reason });
        break;
      default: {
        const never: never = outcome;
        throw new Error(`unknown rule outcome ${JSON.stringify(never)}`);
      }
    }
  }
  // Blocking first; within a severity, the rules' own order.
  problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'blocking' ? -1 : 1));
  const { xml: _xml, ...input } = decoded;
  return { input, response, atMs: options.atMs, problems, gaps, user };
}

/** Decodes what was pasted (base64, URL-encoded, XML, form body or HAR) and analyses it. */
export function analyseSamlResponse(input: string, options: AnalyseOptions): Promise<SamlAnalysis> {
  return analyseResponseXml(decodeSamlInput(input, { acsUrls: options.sp?.acsUrls ?? [] }), options);
}
