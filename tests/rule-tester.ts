import { RuleTester } from '@typescript-eslint/rule-tester';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/**
 * A RuleTester with real type information: cases are linted as `tests/fixtures/file.ts` (or another `filename` that
 * exists under tests/fixtures) inside the fixture tsconfig, so they can import the real ORM packages and the fixture
 * models (`import { WorkflowPhase } from './models/typeorm'`).
 */
export function createTypedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: fixturesDir,
      },
    },
  });
}

/** A RuleTester without type information (plain parser), for rules' degraded modes and `.js` files. */
export function createUntypedRuleTester(): RuleTester {
  return new RuleTester();
}
