module.exports = {
  displayName: 'sales',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
};
