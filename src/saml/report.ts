import type { SamlAnalysis } from './analyse';
import type { CertificateInfo } from './certificate';
import { urnTail } from './rules/text';
import type { SignatureCheck } from './types';

/** Said wherever an analysis is shown: the response is a credential while it is valid. */
export const NOT_STORED_NOTE =
  'The response was analysed in memory and is not logged or stored: while it is valid it works like a password, so do not paste it anywhere else.';

function intact(check: SignatureCheck): boolean {
  return check.status === 'valid' || check.status === 'other-certificate';
}

/** The certificate that signed, else the one the signature carries. */
export function signingCertificate(analysis: SamlAnalysis): CertificateInfo | undefined {
  const { response, assertion } = analysis.response.signatures;
  for (const check of [assertion, response])
    if (check.status === 'valid' || check.status === 'other-certificate') return check.certificate;
  for (const check of [assertion, response])
    if (check.status === 'invalid' && check.certificate) return check.certificate;
  return undefined;
}

function earliest(...times: Array<string | null | undefined>): string | null {
  const present = times.filter((t): t is string => Boolean(t));
  if (present.length === 0) return null;
  return present.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

function signatureJson(check: SignatureCheck) {
  switch (check.status) {
    case 'absent':
      return { status: check.status };
    case 'valid':
      return { status: check.status, trusted: check.trusted };
    case 'other-certificate':
    case 'invalid':
    case 'unverifiable':
      return { status: check.status, reason: check.reason };
    default: {
      const never: never = check;
      throw new Error(`unknown signature status ${JSON.stringify(never)}`);
    }
  }
}

/** The `--json` shape (docs/saml.md): a public contract. */
export function buildSamlJson(analysis: SamlAnalysis) {
  const r = analysis.response;
  const a = r.assertion;
  const cert = signingCertificate(analysis);
  const user = analysis.user;
  return {
    assertion: {
      issuer: a?.issuer ?? r.issuer,
      nameId: a?.nameId ?? null,
      nameIdFormat: a?.nameIdFormat ?? null,
      audience: a?.audiences[0] ?? null,
      audiences: a?.audiences ?? [],
      recipient: a?.recipient ?? null,
      destination: r.destination,
      notBefore: a?.notBefore ?? null,
      notOnOrAfter: earliest(a?.notOnOrAfter, a?.subjectNotOnOrAfter),
      statusCode: r.statusCode,
      signed: { response: intact(r.signatures.response), assertion: intact(r.signatures.assertion) },
      certificate: cert ? { subject: cert.subject, notAfter: cert.notAfter, sha256: cert.sha256 } : null,
      attributes: (a?.attributes ?? []).map((x) => ({
        name: x.name,
        nameFormat: x.nameFormat,
        ...(x.friendlyName ? { friendlyName: x.friendlyName } : {}),
        values: x.values,
      })),
      readFrom: a?.readFrom ?? null,
    },
    problems: analysis.problems.map((p) => ({
      id: p.id,
      severity: p.severity,
      summary: p.summary,
      fix: p.fix,
    })),
    user: user.status === 'found' ? { ...user.user, foundBy: user.foundBy } : null,
    userLookup:
      user.status === 'found' || user.status === 'not-found'
        ? { status: user.status, identifier: user.identifier, tried: user.tried }
        : user.status === 'failed'
          ? { status: user.status, identifier: user.identifier, action: user.action, code: user.code }
          : { status: user.status, reason: user.reason },
    signatures: {
      response: signatureJson(r.signatures.response),
      assertion: signatureJson(r.signatures.assertion),
    },
    coverage: { complete: analysis.gaps.length === 0, gaps: analysis.gaps },
    judgedAt: new Date(analysis.atMs).toISOString(),
    input: analysis.input,
  };
}

export type SamlJson = ReturnType<typeof buildSamlJson>;

function signatureLine(check: SignatureCheck): string {
  switch (check.status) {
    case 'absent':
      return 'no';
    case 'valid':
      return check.trusted
        ? 'yes, with a certificate from the IdP metadata'
        : 'yes, with the certificate it carries (no IdP metadata to vouch for it)';
    case 'other-certificate':
      return 'intact, but with a certificate the IdP metadata does not list';
    case 'invalid':
      return `does not verify (${check.reason})`;
    case 'unverifiable':
      return `cannot be checked (${check.reason})`;
    default: {
      const never: never = check;
      throw new Error(`unknown signature status ${JSON.stringify(never)}`);
    }
  }
}

/** The human report: the assertion's values, the problems with their fixes, and what was not checked. */
export function renderSamlText(analysis: SamlAnalysis): string[] {
  const json = buildSamlJson(analysis);
  const a = json.assertion;
  const r = analysis.response;
  const lines: string[] = [];
  lines.push(`SAML response analysis, judged at ${json.judgedAt}`);
  lines.push(NOT_STORED_NOTE);
  lines.push('');
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(12)} ${value}`);
  row('Status', urnTail(a.statusCode));
  row('Issuer', a.issuer ?? '(none)');
  row('NameID', `${a.nameId ?? '(none)'}${a.nameIdFormat ? ` (${urnTail(a.nameIdFormat)})` : ''}`);
  row('Audience', a.audiences.length > 0 ? a.audiences.join(', ') : '(none)');
  row('Recipient', a.recipient ?? '(none)');
  row('Destination', a.destination ?? '(none)');
  row('Valid', `${a.notBefore ?? '…'} to ${a.notOnOrAfter ?? '…'}`);
  row(
    'Signed',
    `response: ${signatureLine(r.signatures.response)}; assertion: ${signatureLine(r.signatures.assertion)}`,
  );
  if (a.certificate)
    row(
      'Certificate',
      `${a.certificate.subject}, valid until ${a.certificate.notAfter}, SHA-256 ${a.certificate.sha256}`,
    );
  row('Attributes', a.attributes.length === 0 ? 'none' : String(a.attributes.length));
  for (const x of a.attributes) lines.push(`      ${x.name} = ${x.values.join(' | ')}`);
  const user = analysis.user;
  switch (user.status) {
    case 'found':
      row(
        'User',
        `${user.user.userName ?? '(no user name)'} (${user.user.userId}), ${user.user.status ?? 'status unknown'}, found by ${user.foundBy}${user.user.externallyProvisioned ? ', provisioned by the IdP' : ''}`,
      );
      break;
    case 'not-found':
      row('User', `none matches "${user.identifier}"`);
      break;
    case 'failed':
      row('User', 'unknown: the Identity Store could not be read (see the error below)');
      break;
    case 'not-checked':
      row('User', `not looked up: ${user.reason}`);
      break;
    default: {
      const never: never = user;
      throw new Error(`unknown user check ${JSON.stringify(never)}`);
    }
  }
  lines.push('');
  if (analysis.problems.length === 0) {
    lines.push(
      analysis.gaps.length === 0
        ? 'No problems found: Identity Center should accept this response.'
        : 'No problems found in what could be checked; see "Not checked" below.',
    );
  } else {
    const blocking = analysis.problems.filter((p) => p.severity === 'blocking').length;
    lines.push(
      `${analysis.problems.length} problem${analysis.problems.length === 1 ? '' : 's'} (${blocking} blocking):`,
    );
    for (const p of analysis.problems) {
      lines.push(`${p.severity === 'blocking' ? '✗' : '!'} ${p.id} (${p.severity})`);
      lines.push(`    ${p.summary}`);
      lines.push(`    Fix: ${p.fix}`);
    }
  }
  if (user.status === 'failed') {
    lines.push('');
    lines.push(
      `Error: the Identity Store could not be read (${user.action}: ${user.code}), so whether the user exists, is enabled and matches the NameID was not checked.`,
    );
  }
  if (analysis.gaps.length > 0) {
    lines.push('');
    lines.push('Not checked:');
    for (const g of analysis.gaps) lines.push(`  - ${g.rule}: ${g.reason}`);
  }
  return lines;
}
