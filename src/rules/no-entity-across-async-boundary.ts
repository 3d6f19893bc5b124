import { ESLintUtils } from '@typescript-eslint/utils';
import { createRule } from '../util/create-rule.js';

// Placeholder while the rule is being written (see its issue); it reports nothing.
export default createRule({
  name: 'no-entity-across-async-boundary',
  meta: {
    type: 'problem',
    docs: { description: 'TODO', recommended: 'recommended', requiresTypeChecking: true },
    schema: [],
    messages: { placeholder: 'placeholder' },
  },
  create(context) {
    ESLintUtils.getParserServices(context);
    return {};
  },
});
