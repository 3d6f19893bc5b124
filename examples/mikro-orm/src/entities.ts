import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';

/** A batch of specimens received together by the lab. */
@Entity()
export class Batch {
  @PrimaryKey()
  id!: number;

  @Property()
  label!: string;
}

/** A specimen. MikroORM fills `updatedAt` when the unit of work flushes a change — and only then. */
@Entity()
export class Sample {
  @PrimaryKey()
  uuid!: string;

  @ManyToOne(() => Batch)
  batch!: Batch;

  @Property()
  status: 'registered' | 'received' | 'discarded' = 'registered';

  @Property({ nullable: true })
  receivedAt?: Date;

  @Property({ onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ nullable: true })
  updatedBy?: string;
}
