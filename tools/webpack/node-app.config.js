const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/** The webpack build of a Node app (API or worker): one bundle, node_modules external, email templates beside it. */
module.exports = function nodeAppConfig(app) {
  return {
    output: { path: join(__dirname, '../../dist/apps', app) },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        assets: [{ input: 'libs/email/email-templates', glob: '**/*', output: 'email-templates' }],
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
      }),
    ],
  };
};
