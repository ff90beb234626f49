module.exports = {
  displayName: 'temporal',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
