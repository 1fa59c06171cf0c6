import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

/** Sends job messages to SQS (the Lambda ingress hands work to the worker this way). */
export class SqsSender {
  private readonly client: SQSClient;

  constructor(
    private readonly queueUrl: string,
    options: { region?: string; endpoint?: string } = {},
  ) {
    this.client = new SQSClient({
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
  }

  async send(body: string, groupId?: string): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        ...(groupId ? { MessageGroupId: groupId } : {}),
      }),
    );
  }

  destroy(): void {
    this.client.destroy();
  }
}
