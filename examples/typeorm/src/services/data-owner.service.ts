import { In, type DataSource, type Repository } from 'typeorm';
import { WorkflowPhase, TestCycle, Report, DataOwnerAssignment } from '@/models';
import { metricsQueue, type Mailer } from '../queues';

/** Data Owner Identification: find who owns the source data of each critical report attribute. */
export class DataOwnerService {
  private readonly phases: Repository<WorkflowPhase>;
  private readonly assignments: Repository<DataOwnerAssignment>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {
    this.phases = dataSource.getRepository(WorkflowPhase);
    this.assignments = dataSource.getRepository(DataOwnerAssignment);
  }

  async startPhase(phaseId: string, userId: string): Promise<WorkflowPhase> {
    const phase = await this.phases.findOneByOrFail({ id: phaseId });
    phase.state = 'In Progress';
    phase.actualStartDate = new Date();
    phase.startedBy = userId;
    await this.phases.save(phase);
    return phase;
  }

  /** Proposes an owner for every critical attribute of the cycle's reports in the given lines of business. */
  async assignOwners(cycleId: number, lobIds: number[], userId: string): Promise<DataOwnerAssignment[]> {
    const em = this.dataSource.manager;
    const cycle = await em.findOneByOrFail(TestCycle, { id: cycleId });
    const reports = await em.find(Report, {
      where: { lob: { id: In(lobIds) } },
      relations: { lob: true, attributes: true },
    });
    const lobs = await em.find(LineOfBusiness, { where: { id: In(lobIds) } });
    const links = await em.find(UserLOB, { where: { lobId: In(lobs.map(lob => lob.id)) }, relations: { user: true } });

    const assignments = reports.flatMap(report =>
      report.attributes
        .filter(attribute => attribute.isCritical || attribute.isPrimaryKey)
        .map(attribute => {
          const owner = links.find(link => link.lobId === report.lob.id)?.user ?? null;
          return this.assignments.create({
            cycleId: cycle.id,
            attribute,
            dataOwner: owner,
            status: owner ? 'Assigned' : 'Unassigned',
            updatedBy: userId,
          });
        }),
    );
    return this.assignments.save(assignments);
  }

  /** Attributes nobody claimed go to the LOB executive. */
  async escalateUnassigned(cycleId: number, userId: string): Promise<void> {
    await this.assignments.update({ cycleId, status: 'Unassigned' }, { status: 'Escalated' });
  }

  async completePhase(phaseId: string, userId: string): Promise<void> {
    const phase = await this.phases.findOneOrFail({ where: { id: phaseId }, relations: { cycle: true } });
    phase.state = 'Complete';
    phase.actualEndDate = new Date();
    phase.completedBy = userId;
    await this.phases.save(phase);

    // Recompute the cycle's metrics in the worker, and tell the testers once this request is done.
    await metricsQueue.add('phase-completed', { phase });
    setTimeout(() => {
      this.mailer.send('testers@example.com', `${phase.cycle.name}: ${phase.name} is complete`);
    }, 1_000);
  }
}
