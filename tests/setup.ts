import { RuleTester } from '@typescript-eslint/rule-tester';
import * as vitest from 'vitest';

// Wire @typescript-eslint/rule-tester to vitest (without globals), as its docs describe.
RuleTester.afterAll = vitest.afterAll;
RuleTester.describe = vitest.describe;
RuleTester.describeSkip = vitest.describe.skip;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;
RuleTester.itSkip = vitest.it.skip;
