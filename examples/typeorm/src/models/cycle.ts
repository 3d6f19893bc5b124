import { Column, CreateDateColumn, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CycleReport } from './report';

/** A test cycle: one round of testing a set of reports, run through a fixed sequence of workflow phases. */
@Entity()
export class TestCycle {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  @Column({ default: 'Planned' })
  status: 'Planned' | 'Active' | 'Closed';

  @OneToMany(() => WorkflowPhase, phase => phase.cycle)
  phases: WorkflowPhase[];

  @OneToMany(() => CycleReport, cycleReport => cycleReport.cycle)
  reports: CycleReport[];

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;
}

/** One phase of a test cycle (Planning, Data Owner Identification, Sampling, Testing...). */
@Entity()
export class WorkflowPhase {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TestCycle, cycle => cycle.phases)
  cycle: TestCycle;

  @Column()
  name: string;

  @Column({ default: 'Not Started' })
  state: 'Not Started' | 'In Progress' | 'Complete';

  @Column({ type: 'timestamptz', nullable: true })
  actualStartDate: Date | null;

  @Column({ type: 'uuid', nullable: true })
  startedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  actualEndDate: Date | null;

  @Column({ type: 'uuid', nullable: true })
  completedBy: string | null;

  @CreateDateColumn()
  createdAt: Date;

  /** Filled by TypeORM on save() and update(). */
  @UpdateDateColumn()
  updatedAt: Date;

  /** Nothing fills this but the code that changes the phase. */
  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;
}
