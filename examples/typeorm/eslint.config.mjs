// ESLint flat config of the example service: typed linting + the plugin's recommended rules.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import orm from 'eslint-plugin-orm-hygiene';

export default defineConfig({
  files: ['**/*.ts'],
  extends: [orm.configs.recommended],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: {
      // The rules read types: let typescript-eslint find the tsconfig.json of each file.
      projectService: true,
      tsconfigRootDir: import.meta.dirname,
    },
  },
  settings: {
    // The models barrel (a tsconfig path alias): no-unimported-models imports missing models from it.
    'orm-hygiene': { modelModules: ['@/models'] },
  },
});
