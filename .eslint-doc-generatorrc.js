/** @type {import('eslint-doc-generator').GenerateOptions} */
export default {
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
  ],
  ignoreConfig: ['disable-type-checked'],
  ruleDocSectionInclude: ['Rule details', 'Options'],
  ruleDocTitleFormat: 'name',
  ruleListColumns: ['name', 'description', 'configsError', 'fixable', 'hasSuggestions', 'requiresTypeChecking'],
  urlConfigs: 'https://github.com/orm-hygiene/eslint-plugin-orm-hygiene#configs',
};
