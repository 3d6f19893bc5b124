import { Column, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TestCycle } from './cycle';
import { LineOfBusiness } from './user';

/** A regulatory report, owned by a line of business. */
@Entity()
export class Report {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  @ManyToOne(() => LineOfBusiness)
  lob: LineOfBusiness;

  @OneToMany(() => ReportAttribute, attribute => attribute.report)
  attributes: ReportAttribute[];

  @UpdateDateColumn()
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;
}

/** A report in scope of a test cycle. */
@Entity()
export class CycleReport {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => TestCycle, cycle => cycle.reports)
  cycle: TestCycle;

  @ManyToOne(() => Report)
  report: Report;

  @Column({ default: 'Pending' })
  status: 'Pending' | 'In Testing' | 'Signed Off';

  @UpdateDateColumn()
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;
}

/** A data element of a report; primary-key and critical attributes get data owners and samples. */
@Entity()
export class ReportAttribute {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Report, report => report.attributes)
  report: Report;

  @Column()
  name: string;

  @Column({ default: false })
  isPrimaryKey: boolean;

  @Column({ default: false })
  isCritical: boolean;

  @UpdateDateColumn()
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;
}

/** A sampled record of a report attribute, tested against its source. */
@Entity()
export class Sample {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => CycleReport)
  cycleReport: CycleReport;

  @ManyToOne(() => ReportAttribute)
  attribute: ReportAttribute;

  @Column()
  recordKey: string;

  @Column({ default: 'Selected' })
  status: 'Selected' | 'Passed' | 'Failed';

  @UpdateDateColumn()
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;
}
