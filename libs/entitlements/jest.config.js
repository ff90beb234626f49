module.exports = {
  displayName: 'entitlements',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
};
