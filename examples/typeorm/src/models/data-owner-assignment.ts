import { Column, CreateDateColumn, Entity, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ReportAttribute } from './report';
import { User } from './user';

/** The person who owns the source data of a report attribute within a test cycle. */
@Entity()
export class DataOwnerAssignment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  cycleId: number;

  @ManyToOne(() => ReportAttribute)
  attribute: ReportAttribute;

  @ManyToOne(() => User, { nullable: true })
  dataOwner: User | null;

  @Column({ default: 'Unassigned' })
  status: 'Unassigned' | 'Assigned' | 'Escalated';

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;
}
