import { Queue } from 'bullmq';

const connection = { host: process.env.REDIS_HOST ?? 'localhost', port: 6379 };

/** Recomputes a test cycle's progress metrics in a worker process. */
export const metricsQueue = new Queue('cycle-metrics', { connection });

/** Sends e-mail outside the request. */
export interface Mailer {
  send(to: string, subject: string): void;
}
