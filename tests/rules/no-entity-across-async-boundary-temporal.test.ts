import { readFileSync } from 'node:fs';
import path from 'node:path';
import rule from '../../src/rules/no-entity-across-async-boundary.js';
import { createTypedRuleTester, fixturesDir } from '../rule-tester.js';
import { invalid, jobType, models, payload, span, temporalClient, temporalWorkflow, type Error, type Invalid, type Valid } from './async-boundary-cases.js';

/**
 * Temporal definitions reported at their declarations (issue 12, items 9 and 11): a workflow function the program
 * starts by reference (`client.workflow.start(fn, ...)`, `executeChild(fn, ...)`) at its entity parameter, an activity
 * the program proxies by type (`proxyActivities<typeof activities>()`) at its entity parameter and at a result type
 * that holds an entity, each once, at the declaration and not at the uses. The declarations live in
 * tests/fixtures/async/temporal/, their uses in other files of the same program (client.ts, workflow-side.ts); the
 * cases lint a declaration file with its own content. Definitions known only from a `.d.ts` are still reported where
 * they are used.
 */
const ruleTester = createTypedRuleTester();

const fixture = (name: string): { code: string; filename: string } => {
  const filename = path.join(fixturesDir, 'async/temporal', name);
  return { code: readFileSync(filename, 'utf8'), filename };
};

function result(code: string, snippet: string, activity: string, at: string, where: { after?: string } = {}): Error {
  return { messageId: 'entityInActivityResult', data: { activity, entity: 'WorkflowPhase', at: at === '' ? '' : ` at \`${at}\`` }, ...span(code, snippet, where) };
}

const declared = `import type { declaredActivities, declaredReview } from './async/declared-activities';\n`;

const workflows = fixture('workflows.ts');
const activities = fixture('activities.ts');
const activityObject = fixture('activity-object.ts');

const invalidCases: Invalid[] = [
  // Workflows started from other files: the client's start/execute/signalWithStart (by reference, through a namespace
  // import, as `start<typeof wf>`) and a workflow's executeChild. Helpers that nothing starts are not workflows.
  invalid(
    workflows.code,
    code => [
      jobType(code, 'phase: WorkflowPhase', 'reviewStarted(phase)', undefined, { after: 'reviewStarted(' }),
      jobType(code, 'input: { phase: WorkflowPhase; note: string }', 'auditStarted(input)', 'input.phase'),
      jobType(code, 'phase: WorkflowPhase', 'reviewTyped(phase)', undefined, { after: 'reviewTyped(' }),
      jobType(code, 'phases: WorkflowPhase[]', 'reviewChild(phases)', 'phases[]'),
    ],
    { filename: workflows.filename },
  ),
  // Activities of a module proxied as `typeof activities`: results at the return type (or the name when it has none),
  // a parameter at the parameter.
  invalid(
    activities.code,
    code => [
      result(code, 'Promise<WorkflowPhase>', 'loadPhase', '', { after: 'function loadPhase(' }),
      result(code, 'loadPhases', 'loadPhases', '[]'),
      result(code, 'Promise<{ phase: WorkflowPhase; note: string }>', 'loadWithNote', 'phase'),
      jobType(code, 'phase: WorkflowPhase', 'recalc(phase)', undefined, { after: 'recalc(' }),
    ],
    { filename: activities.filename },
  ),
  // Activities as an object's methods (proxyLocalActivities), a shorthand property naming a function declaration.
  invalid(
    activityObject.code,
    code => [
      result(code, 'Promise<WorkflowPhase>', 'loadOne', '', { after: 'function loadOne(' }),
      result(code, 'Promise<WorkflowPhase>', 'reload', '', { after: 'async reload(' }),
    ],
    { filename: activityObject.filename },
  ),
  // At the uses of program-declared definitions only the payload is reported: the declaration reports the rest.
  invalid(
    `${temporalClient}import { reviewStarted } from './async/temporal/workflows';\nexport async function start(client: Client, phase: WorkflowPhase): Promise<void> {\n  await client.workflow.start(reviewStarted, { args: [phase], taskQueue: 'reviews', workflowId: 'review-1' });\n}`,
    code => [payload(code, 'phase', 'temporal.workflow.start', { after: 'args: [' })],
  ),
  // Definitions known only by their declared types (a .d.ts) are reported where they are used.
  invalid(
    `${temporalClient}${declared}export async function start(client: Client, phase: WorkflowPhase): Promise<void> {\n  await client.workflow.start(declaredReview, { args: [phase.id as never], taskQueue: 'reviews', workflowId: 'review-1' });\n}`,
    code => [jobType(code, 'declaredReview', 'declaredReview(phase)', undefined, { after: 'start(' })],
  ),
  invalid(`${temporalWorkflow}${declared}export const acts = proxyActivities<typeof declaredActivities>({ startToCloseTimeout: '1 minute' });`, code => [
    result(code, 'typeof declaredActivities', 'loadPhase', ''),
    jobType(code, 'typeof declaredActivities', 'recalc(phase)', undefined),
  ]),
];

const validCases: Valid[] = [
  // The uses of program-declared activities: reported at the declarations above, not at the type argument.
  `${temporalWorkflow}import type * as activities from './async/temporal/activities';\nexport const acts = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });`,
  `${temporalWorkflow}async function review(phaseId: string): Promise<void> {\n  await executeChild(reviewPhase, { args: [phaseId as never] });\n}`,
  // A module nothing proxies nor starts: its functions returning or taking entities are no Temporal definitions.
  `${models}export async function load(phaseId: string): Promise<WorkflowPhase> {\n  return Object.assign(new WorkflowPhase(), { id: phaseId });\n}\nexport async function review(phase: WorkflowPhase): Promise<string> {\n  return phase.state;\n}`,
].map(code => ({ code }));

// With the signature sites disabled, neither side reports.
const disabled: Pick<Valid, 'options'> = {
  options: [{ boundaries: [], checkDeferredCallbacks: true, checkFloatingCalls: true, checkJobTypes: true, allowTypes: [], disableDefaults: ['temporal.workflow.start', 'temporal.startChild', 'temporal.proxyActivities'] }],
};
validCases.push(
  { ...workflows, ...disabled },
  { ...activities, ...disabled },
  { ...activityObject, ...disabled },
);

ruleTester.run('no-entity-across-async-boundary (Temporal declarations)', rule, { valid: validCases, invalid: invalidCases });
