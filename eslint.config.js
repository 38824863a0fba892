import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'demo-out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    // Untrusted text must never start a workflow command (issue 11): every log line goes through src/log.ts.
    files: ['src/**/*.ts'],
    ignores: ['src/log.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.name='core'][property.name=/^(info|warning|error|notice|debug|setFailed|group|startGroup)$/]",
          message:
            'Log through src/log.ts (log.info, log.warning, log.error, log.fail, log.group): it neutralises untrusted text so it cannot start a workflow command.'
        }
      ]
    }
  }
)
