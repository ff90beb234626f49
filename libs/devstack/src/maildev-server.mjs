// Runs MailDev in its own process (it ships only as an ES module).
// Usage: node maildev-server.mjs <smtpPort> <webPort> <mailDirectory>
import { MailDev } from 'maildev';

const [smtp, web, mailDirectory] = process.argv.slice(2);
const maildev = new MailDev({
  smtp: Number(smtp),
  web: Number(web),
  ip: '127.0.0.1',
  webIp: '127.0.0.1',
  mailDirectory,
  silent: true,
});
const log = console.log;
console.log = () => undefined;
await maildev.start();
console.log = log;
process.send?.('ready');

const stop = async () => {
  await maildev.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
