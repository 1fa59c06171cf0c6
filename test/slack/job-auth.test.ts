import { JOB_MAX_AGE_MS, JobRefusedError, openJob, sealJob } from '../../src/slack/job-auth';
import type { SlackJob } from '../../src/slack/jobs';

const KEY = Buffer.from('a'.repeat(64));
const JOB: SlackJob = { kind: 'approve', requestId: 'r-1', clickerId: 'U0IRENE', ticketId: 't-1' };
const NOW = Date.parse('2026-12-05T10:00:00Z');

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(JobRefusedError);
    return (error as JobRefusedError).code;
  }
  return 'accepted';
};

describe('sealed jobs', () => {
  it('opens a job sealed with the same key', () => {
    expect(openJob(sealJob(JOB, KEY, NOW), KEY, NOW + 1000)).toEqual(JOB);
  });

  it('refuses a forged clicker, another key, an unsealed job, and an expired seal', () => {
    const sealed = JSON.parse(sealJob(JOB, KEY, NOW)) as { job: string };
    const forged = JSON.stringify({ ...sealed, job: sealed.job.replace('U0IRENE', 'U0TOMAS') });
    expect(codeOf(() => openJob(forged, KEY, NOW))).toBe('job-forged');
    expect(codeOf(() => openJob(sealJob(JOB, Buffer.from('b'.repeat(64)), NOW), KEY, NOW))).toBe(
      'job-forged',
    );
    expect(codeOf(() => openJob(JSON.stringify(JOB), KEY, NOW))).toBe('job-forged');
    expect(codeOf(() => openJob(sealJob(JOB, KEY, NOW), KEY, NOW + JOB_MAX_AGE_MS + 1))).toBe('job-expired');
    expect(codeOf(() => openJob('{', KEY, NOW))).toBe('job-malformed');
  });
});
