module.exports = {
  displayName: 'e2e',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
  testTimeout: 180_000,
};
