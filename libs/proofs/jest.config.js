module.exports = {
  displayName: 'proofs',
  preset: '../../jest.preset.db.js',
  rootDir: '.',
};
