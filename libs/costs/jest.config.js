module.exports = {
  displayName: 'costs',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
};
