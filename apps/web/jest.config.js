const path = require('node:path');
const { createCjsPreset } = require('jest-preset-angular/presets');

/** Angular unit tests run in jsdom, zoneless, like the app. */
module.exports = {
  displayName: 'web',
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  rootDir: '.',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  moduleNameMapper: {
    '^@apex/contracts$': path.join(__dirname, '../../libs/contracts/src/index.ts'),
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
