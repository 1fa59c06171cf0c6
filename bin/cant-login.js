#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npx cant-login` works right after `npm ci`.
// The SDK's Node-22 notice is for maintainers, not for people running the bot.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
require('../src/cli/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
    // A failed command exits now: a timer or socket left by what failed (Bolt's auth.test retrying an
    // unreachable Slack, say) must not keep the process alive.
    if (code !== 0) process.exit(code);
  });
