module.exports = {
  displayName: 'sandbox',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
};
