// The `yunqian` command's entry in the compiled server (server/dist/cli.js, run by the bundle's
// bin/yunqian-cli). main.ts is imported dynamically so that it stays a module of its own: its
// "run when started directly" check then never matches here, and the command runs once.
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));

export {};
