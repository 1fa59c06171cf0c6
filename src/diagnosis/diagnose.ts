import { AsyncLocalStorage } from 'node:async_hooks';
import type { AwsClients } from '../aws';
import type { Check } from './check';
import { ALL_CHECKS } from './checks';
import { DiagnosisFacts, type FactsDeps, NoInstanceError, UnknownAccountError } from './facts/facts';
import { choosePrimary, orderFindings } from './rank';
import { type ProgressEvent, runChecks } from './runner';
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
  } catch {
    return null;
  }
}

/** Diagnoses one person: runs every check, ranks the findings, and returns the report. Throws
 * `UnknownAccountError` when the person named an account the organisation does not have. */
export async function diagnose(request: DiagnosisRequest, deps: DiagnoseDeps): Promise<DiagnosisReport> {
  countCallsPerDiagnosis(deps.clients);
  const scope = { calls: 0, throttled: 0 };
  return callScope.run(scope, async () => {
    const facts = new DiagnosisFacts(deps, request);
    const started = deps.clock.now();
    const startedPerf = performance.now();
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
      },
      at: new Date(started).toISOString(),
      windowHours: deps.settings.windowHours,
    };
  });
}
