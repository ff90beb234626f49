module.exports = {
  displayName: 'email',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
};
