import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSIS_ACTIONS } from '../../src/aws/iam-actions';
import { CONTEXT_KEYS } from '../lib/config';

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
