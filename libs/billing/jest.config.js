module.exports = {
  displayName: 'billing',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
};
