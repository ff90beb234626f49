module.exports = {
  displayName: 'email',
  preset: '../../jest.preset.js',
  rootDir: '.',
  globalSetup: '../testing/src/jest/global-setup.ts',
  globalTeardown: '../testing/src/jest/global-teardown.ts',
};
