export { TestCycle, WorkflowPhase } from './cycle';
export { DataOwnerAssignment } from './data-owner-assignment';
export { CycleReport, Report, ReportAttribute, Sample } from './report';
export { LineOfBusiness, User, UserLOB } from './user';
