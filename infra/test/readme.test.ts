import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSIS_ACTIONS } from '../../src/aws/iam-actions';
import { CONTEXT_KEYS } from '../lib/config';
import { synth } from './helpers';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

test('the container policy in infra/README.md is exactly DIAGNOSIS_ACTIONS', () => {
  const block =
    /<!-- diagnosis-policy:start[^>]*-->\s*```json\n([\s\S]*?)```\s*<!-- diagnosis-policy:end -->/.exec(
      README,
    );
  expect(block).not.toBeNull();
  const policy = JSON.parse(block![1]!) as {
    Statement: Array<{ Effect: string; Action: string[]; Resource: string }>;
  };
  expect(policy.Statement).toHaveLength(1);
  expect(policy.Statement[0]!.Effect).toBe('Allow');
  // On failure, regenerate the block from src/aws/iam-actions.ts (sorted actions, Resource "*").
  expect(policy.Statement[0]!.Action).toEqual([...DIAGNOSIS_ACTIONS].sort());
});

test('infra/README.md documents every context key', () => {
  for (const key of CONTEXT_KEYS) expect(README).toContain(`\`${key}\``);
});

test('infra/README.md lists exactly what synth makes (resource counts per type, outputs)', () => {
  const { json } = synth({}, { bundle: false });
  const counts = new Map<string, number>();
  for (const r of Object.values(json.Resources)) counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
  // `npm run synth` (the cdk CLI) adds CDK's version-reporting resource; an in-process synth does not.
  counts.set('AWS::CDK::Metadata', 1);
  // Each table row: "| 2 + 4 | `AWS::A` … and `AWS::B` …": the numbers pair with the types in order
  // (a row may also name a count in its text, e.g. "4 `AWS::Lambda::Permission`").
  const section = /What `npm run synth` makes[\s\S]*?\n\n([\s\S]*?)\n\nOutputs: ([^\n]*(?:\n[^\n]+)*)/.exec(
    README,
  );
  expect(section).not.toBeNull();
  const documented = new Map<string, number>();
  for (const row of section![1]!.split('\n').slice(2)) {
    const [, nums = '', rest = ''] = /^\|\s*([\d +]+)\|(.*)$/.exec(row) ?? [];
    const numbers = nums.split('+').map((n) => Number(n.trim()));
    const types = [...rest.matchAll(/(?:(\d+) )?`(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)`/g)];
    let next = 0;
    for (const [, inline, type] of types) {
      if (documented.has(type!)) continue;
      documented.set(type!, inline ? Number(inline) : numbers[next++]!);
    }
  }
  expect(Object.fromEntries([...documented].sort())).toEqual(Object.fromEntries([...counts].sort()));
  const total = /(\d+) resources\./.exec(README)?.[1];
  expect(Number(total)).toBe([...counts.values()].reduce((a, b) => a + b, 0));
  const outputs = [...section![2]!.matchAll(/`(\w+)`/g)].map((m) => m[1]);
  expect(outputs).toEqual(Object.keys(json.Outputs ?? {}));
});
