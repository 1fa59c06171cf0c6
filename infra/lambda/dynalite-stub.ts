/**
 * Stands in for `dynalite` in the Lambda bundles (esbuild alias, infra/lib/stack.ts). dynalite is the
 * embedded DynamoDB the app uses when no table is configured; it loads a native LevelDB binding
 * (classic-level) as soon as it is imported, which the bundle cannot carry. On Lambda the stack always
 * sets TICKETS_TABLE, so the embedded store is never started; should it be, this says why it cannot.
 */
export default function dynalite(): never {
  throw new Error(
    'cant-login: the embedded ticket store (dynalite) is not part of the Lambda bundle; set TICKETS_TABLE to the DynamoDB table (the CDK stack does)',
  );
}
