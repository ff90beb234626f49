module.exports = {
  displayName: 'accounts',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
};
