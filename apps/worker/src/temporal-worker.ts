import { Injectable } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { AppConfig } from '@apex/config';
import { ActivitiesRegistry } from './activities.registry';
import { workflowSource } from './workflow-source';

@Injectable()
export class TemporalWorker {
  constructor(
    private readonly config: AppConfig,
    private readonly activities: ActivitiesRegistry,
  ) {}

  /** Polls until the process is asked to stop, then drains in-flight tasks and closes the connection. */
  async run(): Promise<void> {
    const connection = await NativeConnection.connect({ address: this.config.temporal.address });
    try {
      const worker = await Worker.create({
        connection,
        namespace: this.config.temporal.namespace,
        taskQueue: this.config.temporal.taskQueue,
        activities: this.activities.all(),
        ...workflowSource(),
      });
      await worker.run();
    } finally {
      await connection.close();
    }
  }
}
