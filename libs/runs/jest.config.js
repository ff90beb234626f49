module.exports = {
  displayName: 'runs',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
};
