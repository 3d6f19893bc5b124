import type { DataSource, Repository } from 'typeorm';
import { CycleReport, ReportAttribute, Sample, UserLOB, WorkflowPhase } from '@/models';
import { metricsQueue, type Mailer } from '../queues';

/** Sampling, written the way the rules want it: audit fields stamped, ids across boundaries, models imported. */
export class SamplingService {
  private readonly phases: Repository<WorkflowPhase>;
  private readonly samples: Repository<Sample>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {
    this.phases = dataSource.getRepository(WorkflowPhase);
    this.samples = dataSource.getRepository(Sample);
  }

  async startPhase(phaseId: string, userId: string): Promise<WorkflowPhase> {
    const phase = await this.phases.findOneByOrFail({ id: phaseId });
    phase.state = 'In Progress';
    phase.actualStartDate = new Date();
    phase.startedBy = userId;
    phase.updatedBy = userId;
    await this.phases.save(phase);
    await metricsQueue.add('phase-started', { phaseId: phase.id });
    return phase;
  }

  /** New rows are inserts: no audit stamp needed beyond what the entity defaults to. */
  async selectSamples(cycleReportId: number, attributeId: number, recordKeys: string[]): Promise<Sample[]> {
    const em = this.dataSource.manager;
    const cycleReport = await em.findOneByOrFail(CycleReport, { id: cycleReportId });
    const attribute = await em.findOneByOrFail(ReportAttribute, { id: attributeId });
    const samples = recordKeys.map(recordKey => {
      const sample = new Sample();
      sample.cycleReport = cycleReport;
      sample.attribute = attribute;
      sample.recordKey = recordKey;
      return sample;
    });
    return this.samples.save(samples);
  }

  async recordResult(sampleId: number, passed: boolean, userId: string): Promise<void> {
    await this.samples.update({ id: sampleId }, { status: passed ? 'Passed' : 'Failed', updatedBy: userId });
  }

  async signOff(cycleReportId: number, userId: string): Promise<void> {
    await this.dataSource.transaction(async em => {
      const cycleReport = await em.findOneByOrFail(CycleReport, { id: cycleReportId });
      cycleReport.status = 'Signed Off';
      cycleReport.updatedBy = userId;
      await em.save(cycleReport);
    });
    // The callback gets the id and reloads: it runs after the transaction has ended.
    setTimeout(() => {
      void this.remindTesters(cycleReportId);
    }, 60_000);
  }

  /** Testers per line of business. `Map#set` is not an ORM write. */
  async testersByLob(lobIds: number[]): Promise<Map<number, string[]>> {
    const links = await this.dataSource.manager.find(UserLOB, { relations: { user: true } });
    const byLob = new Map<number, string[]>();
    for (const link of links.filter(l => lobIds.includes(l.lobId))) {
      byLob.set(link.lobId, [...(byLob.get(link.lobId) ?? []), link.user.email]);
    }
    return byLob;
  }

  private async remindTesters(cycleReportId: number): Promise<void> {
    const cycleReport = await this.dataSource.manager.findOneOrFail(CycleReport, {
      where: { id: cycleReportId },
      relations: { report: true },
    });
    if (cycleReport.status !== 'Signed Off') this.mailer.send('testers@example.com', `${cycleReport.report.name} awaits sign-off`);
  }
}
