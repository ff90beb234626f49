module.exports = {
  displayName: 'db',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
};
