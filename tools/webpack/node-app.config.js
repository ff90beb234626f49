const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/** The webpack build of a Node app (API or worker): one bundle, node_modules external, email templates and the bundled price files beside it. */
module.exports = function nodeAppConfig(app) {
  return {
    output: { path: join(__dirname, '../../dist/apps', app) },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        assets: [
          { input: 'libs/email/email-templates', glob: '**/*', output: 'email-templates' },
          { input: 'libs/pricing/data', glob: '*.{json,md}', output: 'price-book-data' },
        ],
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
      }),
    ],
  };
};
