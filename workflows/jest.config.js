module.exports = {
  displayName: 'workflows',
  preset: '../jest.preset.js',
  rootDir: '.',
  testTimeout: 60_000,
};
