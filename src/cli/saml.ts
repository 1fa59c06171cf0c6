import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AwsClients } from '../aws';
import { loadConfig } from '../config/env';
import type { DiagnosisSettings } from '../diagnosis/facts/facts';
import type { Clock } from '../lib/clock';
import { analyseResponseXml } from '../saml/analyse';
import { SamlInputError } from '../saml/errors';
import { identityStoreDirectory } from '../saml/identity-store';
import { decodeSamlInput } from '../saml/input';
import { type IdpMetadata, parseIdpMetadata, parseSpMetadata, type SpMetadata } from '../saml/metadata';
import { buildSamlJson, renderSamlText } from '../saml/report';
import { type DiagnosisSession, openDiagnosisSession } from './diagnosis-session';
import { type CliIo, UsageError } from './io';

export interface SamlOptions {
  user?: string;
  spMetadata?: string;
  idpMetadata?: string;
  at?: string;
  sandbox?: string;
  region?: string;
  json?: boolean;
}

async function readInput(file: string): Promise<string> {
  if (file !== '-') {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readMetadata<T>(
  file: string,
  flag: string,
  parse: (xml: string, what: string) => T,
): Promise<T> {
  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  try {
    return parse(xml, `${flag} ${file}`);
  } catch (error) {
    if (error instanceof SamlInputError) throw new UsageError(error.message);
    throw error;
  }
}

function parseAt(at: string): number {
  const ms = Date.parse(at);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(at) || Number.isNaN(ms))
    throw new UsageError(`--at ${at}: expected an ISO 8601 time such as 2026-11-23T12:00:00Z`);
  return ms;
}

/**
 * `cant-login saml`: takes apart a SAML response an IdP sent to Identity Center and lists every rule
 * it breaks, with the fix. The response is read, analysed in memory and dropped: never logged or stored.
 */
export async function runSaml(file: string, options: SamlOptions, io: CliIo): Promise<number> {
  const atMs = options.at === undefined ? undefined : parseAt(options.at);
  const sp = options.spMetadata
    ? await readMetadata<SpMetadata>(options.spMetadata, '--sp-metadata', parseSpMetadata)
    : undefined;
  const idp = options.idpMetadata
    ? await readMetadata<IdpMetadata>(options.idpMetadata, '--idp-metadata', parseIdpMetadata)
    : undefined;
  let decoded: ReturnType<typeof decodeSamlInput>;
  try {
    decoded = decodeSamlInput(await readInput(file), { acsUrls: sp?.acsUrls ?? [] });
  } catch (error) {
    if (error instanceof SamlInputError) throw new UsageError(`not a SAML response: ${error.message}`);
    throw error;
  }

  const config = loadConfig(io.env);
  let session: DiagnosisSession | undefined;
  let noDirectoryReason: string | undefined;
  try {
    session = await openDiagnosisSession(config, {
      ...(options.sandbox ? { sandbox: options.sandbox } : {}),
      ...(options.region ? { region: options.region } : {}),
    });
  } catch (error) {
    // Without a region the response is still analysed; only the user rules wait for the Identity Store.
    if (!(error instanceof UsageError) || options.sandbox) throw error;
    noDirectoryReason = error.message;
  }
  try {
    const analysis = await analyseResponseXml(decoded, {
      ...(sp ? { sp } : {}),
      ...(idp ? { idp } : {}),
      atMs: atMs ?? session?.clock.now() ?? Date.now(),
      ...(options.user ? { user: options.user } : {}),
      ...(session
        ? {
            directory: identityStoreDirectory({
              clients: session.clients,
              clock: session.clock,
              settings: session.settings,
            }),
          }
        : {}),
      ...(noDirectoryReason ? { noDirectoryReason } : {}),
    });
    if (options.json) io.out(JSON.stringify(buildSamlJson(analysis), null, 2));
    else for (const line of renderSamlText(analysis)) io.out(line);
    return 0;
  } catch (error) {
    if (error instanceof SamlInputError) throw new UsageError(`not a SAML response: ${error.message}`);
    throw error;
  } finally {
    await session?.close();
  }
}

/**
 * For the demo: analyses the sample organisation's SAML response (samples/saml/) with the running
 * bot's AWS clients, judged at the snapshot's `now`, and prints it as `cant-login saml` would.
 */
export async function showSamlSample(
  io: CliIo,
  deps: { clients: AwsClients; clock: Clock; settings: DiagnosisSettings },
  options: { sampleDir: string; atIso: string | undefined },
): Promise<void> {
  const read = (name: string) => readFile(resolve(options.sampleDir, name), 'utf8');
  const sp = parseSpMetadata(await read('sp-metadata.xml'));
  const idp = parseIdpMetadata(await read('idp-metadata.xml'));
  const analysis = await analyseResponseXml(decodeSamlInput(await read('dana-response.b64')), {
    sp,
    idp,
    atMs: options.atIso ? Date.parse(options.atIso) : deps.clock.now(),
    directory: identityStoreDirectory(deps),
  });
  io.out(
    '── An approver analyses the SAML response Dana’s IdP sent (cant-login saml samples/saml/dana-response.b64 …)',
  );
  for (const line of renderSamlText(analysis)) io.out(`   │ ${line}`);
  io.out('');
}
