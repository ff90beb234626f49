module.exports = {
  displayName: 'metering',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
  testTimeout: 120_000,
};
