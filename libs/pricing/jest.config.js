module.exports = {
  displayName: 'pricing',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
};
