import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../src/rules/require-audit-fields.js';

/**
 * Cases for the classes of issue 11 (what real applications showed): associations, opt-outs, the actor policy, one
 * report per object, callees, unsaved changes, no-op upserts, arrow-function methods, factories, marked fields.
 */
type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

export const classValid: Valid[] = [];

export const classInvalid: Invalid[] = [
  {
    name: 'class 1/4/5: a request handler edits a loaded page in two places and saves it through a project method: one report, the key column gets the actor',
    code: `
import { Member, Page } from './models/sequelize-associations';

export async function update(member: Member, id: string, body: string | undefined, publish: boolean): Promise<void> {
  const page = await Page.findByPk(id, { rejectOnEmpty: true });
  if (body) {
    page.body = body;
  }
  if (publish) {
    page.publishedAt = new Date();
  }
  await page.rename('x');
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'Page', name: 'page', fields: '`lastModifiedById`' }, line: 7, column: 5, endLine: 7, endColumn: 21 }],
    output: null,
  },
];
