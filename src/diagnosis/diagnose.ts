import { AsyncLocalStorage } from 'node:async_hooks';
import { AwsCallError, type AwsClients, errorName, networkCodeOf } from '../aws';
import type { Check } from './check';
import { ALL_CHECKS } from './checks';
import { DiagnosisFacts, type FactsDeps, NoInstanceError, UnknownAccountError } from './facts/facts';
import { choosePrimary, orderFindings } from './rank';
import { coverageOf, type ProgressEvent, runChecks } from './runner';
import { matchSymptom } from './symptoms';
import type { CheckResult, DiagnosisReport, DiagnosisRequest, Finding, Subject } from './types';

/** What a diagnosis needs from the outside (the facts' dependencies, and how to run the checks);
 * passed in, never created here. */
export interface DiagnoseDeps extends FactsDeps {
  onProgress?: (event: ProgressEvent) => void;
  /** Defaults to the whole catalogue. */
  checks?: readonly Check[];
  checkTimeoutMs?: number;
  concurrency?: number;
}

/** Counts the AWS calls made on behalf of one diagnosis, even when several run at once. */
const callScope = new AsyncLocalStorage<{ calls: number; throttled: number }>();
const subscribed = new WeakSet<AwsClients['calls']>();

function countCallsPerDiagnosis(clients: AwsClients): void {
  if (subscribed.has(clients.calls)) return;
  subscribed.add(clients.calls);
  clients.calls.subscribe((record) => {
    const scope = callScope.getStore();
    if (!scope) return;
    scope.calls += 1;
    if (record.outcome === 'throttled') scope.throttled += 1;
  });
}

/** Identity Center could not be read at all (no credentials, endpoint unreachable, DNS, TLS): there is
 * no diagnosis to give, only a setup problem to report. A refusal (AccessDenied) is not this: it is a
 * diagnosis (`bot-permission-missing`). */
export class IdentityCenterUnreachableError extends Error {
  override readonly name = 'IdentityCenterUnreachableError';
  readonly code = 'identity-center-unreachable';
  /** The action that failed and AWS's (or the network's) error name, for logs and the admins' note. */
  readonly action: string;
  readonly errorCode: string;
  readonly region: string;
  /** What kind of failure, for the hint an admin gets. */
  readonly kind: 'no-credentials' | 'unreachable' | 'throttled' | 'failed';

  constructor(init: {
    action: string;
    errorCode: string;
    region: string;
    kind: IdentityCenterUnreachableError['kind'];
    cause: unknown;
  }) {
    super(unreachableMessage(init), { cause: init.cause });
    this.action = init.action;
    this.errorCode = init.errorCode;
    this.region = init.region;
    this.kind = init.kind;
  }
}

function unreachableMessage(init: {
  action: string;
  errorCode: string;
  region: string;
  kind: IdentityCenterUnreachableError['kind'];
}): string {
  switch (init.kind) {
    case 'no-credentials':
      return `cannot read Identity Center: no AWS credentials (${init.errorCode}). Set them the usual way: AWS_PROFILE (or aws sso login), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or a role on the host`;
    case 'unreachable':
      return `cannot read Identity Center: the ${init.region} endpoint did not answer ${init.action} (${init.errorCode}). Check the network, AWS_ENDPOINT_URL and --region (the instance's home region)`;
    case 'throttled':
      return `cannot read Identity Center right now: AWS throttled ${init.action} past every retry in ${init.region}. Try again in a minute; if it persists, something else is using the Identity Center quota`;
    case 'failed':
      return `cannot read Identity Center: ${init.action} failed in ${init.region} (${init.errorCode}). Check --region and the bot's AWS configuration`;
  }
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'CredentialsError',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
]);

/** Reads the instance first: when that fails for any reason but a refusal, Identity Center cannot be
 * read at all and no check could say anything. */
async function ensureReadable(facts: DiagnosisFacts, region: string): Promise<void> {
  try {
    await facts.instanceResolution();
  } catch (error) {
    throw unreachable(error, region) ?? error;
  }
  // The instance may come from the cache: the person's own record is the first live read, and a
  // connection or credentials failure there means nothing else will answer either.
  try {
    await facts.userLookup();
  } catch (error) {
    const cause = unreachable(error, region);
    if (cause && (cause.kind === 'unreachable' || cause.kind === 'no-credentials')) throw cause;
  }
}

/** What an AWS failure amounts to when it stops every read: undefined for a refusal (that is a
 * diagnosis: bot-permission-missing) or for what is not an AWS failure. */
function unreachable(error: unknown, region: string): IdentityCenterUnreachableError | undefined {
  if (!(error instanceof AwsCallError) || error.code === 'access-denied') return undefined;
  const named = errorName(error.cause);
  const name = networkCodeOf(error.cause) ?? (named && named !== 'Error' ? named : undefined) ?? error.code;
  const kind = CREDENTIAL_ERRORS.has(name)
    ? 'no-credentials'
    : error.code === 'throttled'
      ? 'throttled'
      : error.code === 'unavailable'
        ? 'unreachable'
        : 'failed';
  return new IdentityCenterUnreachableError({
    action: error.action,
    errorCode: name,
    region,
    kind,
    cause: error,
  });
}

/** Checks the person's input before any check runs: an account they named must exist. */
async function validateRequest(facts: DiagnosisFacts): Promise<void> {
  if (!facts.request.account) return;
  try {
    await facts.requestedAccount();
  } catch (error) {
    if (error instanceof UnknownAccountError) throw error;
    // Anything else (no instance, AccessDenied) is for the checks to report.
    if (!(error instanceof NoInstanceError)) return;
  }
}

/** Merges the bot-permission-missing findings of several checks into one per missing IAM action. */
function mergePermissionFindings(findings: Finding[]): Finding[] {
  const byAction = new Map<string, Finding>();
  const rest: Finding[] = [];
  for (const f of findings) {
    if (f.cause !== 'bot-permission-missing') {
      rest.push(f);
      continue;
    }
    const action = String(f.evidence.action);
    const existing = byAction.get(action);
    const checks = [...((existing?.evidence.checks as string[] | undefined) ?? []), String(f.evidence.check)];
    const { check: _check, ...evidence } = f.evidence;
    byAction.set(action, { ...(existing ?? f), evidence: { ...evidence, checks } });
  }
  return [...rest, ...byAction.values()];
}

async function subjectOf(facts: DiagnosisFacts): Promise<Subject | null> {
  try {
    const [lookup, instance] = await Promise.all([facts.userLookup(), facts.instance()]);
    const user = lookup.user;
    if (!user || !lookup.foundBy) return null;
    const email = (user.Emails?.find((e) => e.Primary) ?? user.Emails?.[0])?.Value;
    return {
      identifier: facts.request.user,
      userId: user.UserId,
      ...(user.UserName ? { userName: user.UserName } : {}),
      ...(user.DisplayName ? { displayName: user.DisplayName } : {}),
      ...(email ? { email } : {}),
      foundBy: lookup.foundBy,
      ...(user.UserStatus ? { status: user.UserStatus } : {}),
      identityStoreId: instance.IdentityStoreId,
      instanceArn: instance.InstanceArn,
      externallyManaged: (user.ExternalIds?.length ?? 0) > 0,
    };
  } catch (error) {
    // The checks that needed the user report the same failure as coverage; the header just has no name.
    facts.logWorkaround(error, 'reporting without a subject');
    return null;
  }
}

/** Diagnoses one person: runs every check, ranks the findings, and returns the report. Throws
 * `UnknownAccountError` when the person named an account the organisation does not have, and
 * `IdentityCenterUnreachableError` when Identity Center cannot be read at all. */
export async function diagnose(request: DiagnosisRequest, deps: DiagnoseDeps): Promise<DiagnosisReport> {
  countCallsPerDiagnosis(deps.clients);
  const scope = { calls: 0, throttled: 0 };
  return callScope.run(scope, async () => {
    const facts = new DiagnosisFacts(deps, request);
    const started = deps.clock.now();
    const startedPerf = performance.now();
    await ensureReadable(facts, deps.settings.region);
    await validateRequest(facts);
    const checks = await runChecks(deps.checks ?? ALL_CHECKS, facts, request, {
      clock: deps.clock,
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
      ...(deps.checkTimeoutMs ? { checkTimeoutMs: deps.checkTimeoutMs } : {}),
      ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
    });
    const symptom = matchSymptom(request.symptom);
    const findings = mergePermissionFindings(checks.flatMap((c: CheckResult) => c.findings));
    const primary = choosePrimary(findings, symptom);
    const ordered = orderFindings(
      findings.filter((f) => f !== primary),
      symptom,
    );
    return {
      subject: await subjectOf(facts),
      request,
      primaryCause: primary?.cause ?? null,
      findings: primary ? [primary, ...ordered] : ordered,
      checks,
      stats: {
        awsCalls: scope.calls,
        throttledCalls: scope.throttled,
        durationMs: Math.round(performance.now() - startedPerf),
        // Which evidence source answered the sign-in read; null when no check read sign-in events.
        signinSource: facts.signinSource ?? null,
        // When the inventory scan that answered part of the organisation metadata completed; null: all live.
        inventoryAt: facts.inventoryAt ?? null,
      },
      coverage: coverageOf(checks),
      at: new Date(started).toISOString(),
      windowHours: deps.settings.windowHours,
    };
  });
}
