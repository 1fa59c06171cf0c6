import type { Logger } from '../log/logger';
import type { JobQueue, SlackJob } from '../slack/jobs';

/** Runs jobs in this process, after the current listener has returned (so its ack goes out first). */
export class InProcessQueue implements JobQueue {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly run: (job: SlackJob) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  async enqueue(job: SlackJob): Promise<void> {
    const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(job))
      .catch((error: unknown) => this.logger.error({ err: error, requestId: job.requestId }, 'job failed'))
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  /** Resolves when every job enqueued so far (and any they enqueue) has finished; for shutdown and tests. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
