import type { EntityManager } from '@mikro-orm/core';
import type { PgBoss } from 'pg-boss';
import { Sample } from './entities';

export class SampleService {
  constructor(
    private readonly em: EntityManager,
    private readonly boss: PgBoss,
  ) {}

  /** The lab scanned the specimen. */
  async receive(uuid: string, userId: string): Promise<void> {
    const sample = await this.em.findOneOrFail(Sample, { uuid });
    sample.status = 'received';
    sample.receivedAt = new Date();
    await this.em.flush();
    await this.boss.send('sample-received', { sample });
  }

  /** A broken seal voids the whole batch. `nativeUpdate` skips `onUpdate`: nothing stamps `updatedAt` here. */
  async discardBatch(batchId: number, userId: string): Promise<number> {
    const batch = await this.em.findOneOrFail(Batch, batchId);
    return this.em.nativeUpdate(Sample, { batch }, { status: 'discarded' });
  }
}
