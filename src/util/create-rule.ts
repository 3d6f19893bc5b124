import { ESLintUtils } from '@typescript-eslint/utils';
import { ruleDocsUrl } from './package-info.js';

/** The `meta.docs` of every rule in this plugin. `recommended` decides which config enables the rule. */
export interface OrmHygieneDocs {
  description: string;
  /** `recommended` rules are in both configs; `strict` rules only in `strict`. */
  recommended?: 'recommended' | 'strict';
  /** Options the `strict` config sets (merged over the rule's defaults); `recommended` uses the defaults. */
  strictOptions?: readonly Record<string, unknown>[];
  /** Whether the rule needs `parserOptions.projectService` (or `project`). */
  requiresTypeChecking: boolean;
}

export const createRule = ESLintUtils.RuleCreator<OrmHygieneDocs>(ruleDocsUrl);
