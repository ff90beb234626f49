module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
  testTimeout: 60_000,
};
