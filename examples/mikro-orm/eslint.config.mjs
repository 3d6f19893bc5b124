// Same setup as the TypeORM example: the plugin reads MikroORM's own types, no ORM-specific configuration.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import orm from 'eslint-plugin-orm-hygiene';

export default defineConfig({
  files: ['**/*.ts'],
  extends: [orm.configs.recommended],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
  },
});
