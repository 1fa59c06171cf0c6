import { loadConfig } from '../config/env';
import { diagnose, IdentityCenterUnreachableError } from '../diagnosis/diagnose';
import { UnknownAccountError } from '../diagnosis/facts/facts';
import type { ProgressEvent } from '../diagnosis/runner';
import type { DiagnosisRequest } from '../diagnosis/types';
import { openDiagnosisSession } from './diagnosis-session';
import { type CliIo, UsageError } from './io';
import { buildReportJson, colourStyle, plainStyle, renderReportText } from './report-view';

export interface DiagnoseOptions {
  user: string;
  account?: string;
  symptom?: string;
  application?: string;
  sandbox?: string;
  region?: string;
  json?: boolean;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A one-line progress indicator on stderr, redrawn in place; only on a terminal. */
function progressIndicator(io: CliIo): { onProgress: (e: ProgressEvent) => void; done: () => void } {
  if (!io.isTty) return { onProgress: () => undefined, done: () => undefined };
  let frame = 0;
  const draw = (text: string) =>
    process.stderr.write(`\r\u001b[2K${SPINNER[frame++ % SPINNER.length]} ${text}`);
  return {
    onProgress: (e) =>
      draw(e.kind === 'started' ? `Running ${e.total} checks…` : `Checked ${e.done} of ${e.total}`),
    done: () => process.stderr.write('\r\u001b[2K'),
  };
}

/** `cant-login diagnose`: the same diagnosis the Slack bot runs, in a terminal. */
export async function runDiagnose(options: DiagnoseOptions, io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  const request: DiagnosisRequest = {
    user: options.user,
    ...(options.account ? { account: options.account } : {}),
    ...(options.symptom ? { symptom: options.symptom } : {}),
    ...(options.application ? { application: options.application } : {}),
  };
  if (!request.user.trim())
    throw new UsageError('--user needs an email address or an Identity Center user name');
  const session = await openDiagnosisSession(config, {
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
  const progress = progressIndicator(io);
  try {
    const report = await diagnose(request, { ...session, onProgress: progress.onProgress });
    progress.done();
    if (options.json) {
      io.out(JSON.stringify(buildReportJson(report), null, 2));
    } else {
      const colour = io.isTty && !io.env.NO_COLOR;
      for (const line of renderReportText(report, colour ? colourStyle : plainStyle)) io.out(line);
    }
    return 0;
  } catch (error) {
    progress.done();
    if (error instanceof UnknownAccountError)
      throw new UsageError(`--account ${options.account}: ${error.message}`);
    if (error instanceof IdentityCenterUnreachableError) {
      // No diagnosis: nothing was read, so nothing may be said about the person.
      io.err(`cant-login: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await session.close();
  }
}
