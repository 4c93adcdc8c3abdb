#!/usr/bin/env node
/**
 * `rungs <command> [options]`: every command of the project on one command line (`rungs --help`
 * lists them; `rungs help <command>` is `rungs <command> --help`). Runs the command's compiled
 * module from `dist/` (`npm run build`, which `npm ci` runs); a tool of the source repository
 * runs from its TypeScript file through tsx. A command that needs Node flags (the batch's
 * single-threaded garbage collector) is run in a new Node process started with them, as its npm script does.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const commandsUrl = new URL('../dist/cli/commands.js', import.meta.url);

/** Exits 2 with an `error:` line, as every command does on bad input. */
function usageError(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

if (!existsSync(commandsUrl))
  usageError(
    `${fileURLToPath(commandsUrl)} is missing: build the package first (npm run build; npm ci does)`,
  );
const { findCommand, overview, suggestCommand } = await import(commandsUrl.href);

/** Runs the command in a new Node process with its flags; exits as it exits. */
function respawn(flags) {
  const child = spawn(
    process.execPath,
    [...process.execArgv, ...flags, self, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  // Ctrl-C reaches the child from the terminal; the child decides how to stop (a batch saves its work first)
  const ignore = () => {};
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', forward);
  child.on('exit', (code, signal) => {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', forward);
    process.off('SIGHUP', forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

/** The URL of a tool's TypeScript file, with tsx registered to run it; exits 2 where it cannot. */
async function toolModule(info) {
  const file = new URL(`../${info.module}`, import.meta.url);
  if (!existsSync(file))
    usageError(
      `${info.name} is a tool of the source repository (${info.module}), not part of the installed package`,
    );
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    usageError(`${info.name} runs through tsx: install the devDependencies first (npm ci)`);
  }
  return file;
}

const [name, ...rest] = process.argv.slice(2);
if (name === undefined) usageError(`give a command\n\n${overview()}`);
if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
  process.stdout.write(`${overview()}\n`);
  process.exit(0);
}
const asked = name === 'help' ? rest[0] : name;
const info = findCommand(asked);
if (info === undefined)
  usageError(
    `unknown command "${asked}"${suggestCommand(asked)} (rungs --help lists the commands)`,
  );
const args = name === 'help' ? ['--help'] : rest;
const asksHelp = args
  .slice(0, args.includes('--') ? args.indexOf('--') : args.length)
  .some((a) => a === '--help' || a === '-h');
const missing = info.nodeFlags.filter((flag) => !process.execArgv.includes(flag));
if (missing.length > 0 && !asksHelp) respawn(missing);
else {
  const module = info.tool ? await toolModule(info) : new URL(info.module, commandsUrl);
  process.argv = [process.argv[0], fileURLToPath(module), ...args];
  await import(module.href);
}
