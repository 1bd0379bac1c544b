// Only for the ESM-only packages Jest must load as CommonJS (see jest.config.js); our own code goes through ts-jest.
module.exports = {
  presets: [['@babel/preset-env', { targets: { node: '20' }, modules: 'commonjs' }]],
  plugins: ['babel-plugin-transform-import-meta'],
};
