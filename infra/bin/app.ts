#!/usr/bin/env node
/** The CDK app: `npm run synth` / `npm run deploy -- -c key=value …` (see infra/README.md). */
import { buildApp } from '../lib/app';
import { InfraConfigError } from '../lib/config';

try {
  const defaultEnv = {
    ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
    ...(process.env.CDK_DEFAULT_REGION ? { region: process.env.CDK_DEFAULT_REGION } : {}),
  };
  buildApp({ defaultEnv }).app.synth();
} catch (error) {
  if (error instanceof InfraConfigError) {
    // One line per bad context key, and nothing else: no stack trace for a typo.
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
