import nx from '@nx/eslint-plugin';
// The workspace config is not a project, so the boundary rule cannot place it.
// eslint-disable-next-line @nx/enforce-module-boundaries
import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  ...nx.configs['flat/angular'],
  ...nx.configs['flat/angular-template'],
  {
    files: ['**/*.ts'],
    rules: {
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'apex', style: 'camelCase' }],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'apex', style: 'kebab-case' }],
    },
  },
];
