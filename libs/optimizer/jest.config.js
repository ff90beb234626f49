module.exports = {
  displayName: 'optimizer',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
};
