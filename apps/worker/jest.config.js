module.exports = {
  displayName: 'worker',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
  testTimeout: 60_000,
};
