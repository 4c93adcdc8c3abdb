#!/usr/bin/env node
/**
 * `rungs <command> [options]`: every command of the project on one command line (`rungs --help`
 * lists them; `rungs help <command>` is `rungs <command> --help`). Runs the command from a cached
 * bundle of the TypeScript sources (src/start/bundles.mjs), or through tsx where there is none; a
 * command that needs Node flags (the batch's smaller young generation) is run in a new Node
 * process started with them, as its npm script does.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleOf } from '../src/start/bundles.mjs';

const self = fileURLToPath(import.meta.url);
const root = join(dirname(self), '..');

let tsx = null;

/** Imports a TypeScript module: from its cached bundle, else through tsx (registered once). */
async function load(module) {
  const bundle = await bundleOf(module);
  if (bundle) return import(pathToFileURL(bundle).href);
  tsx ??= import('tsx/esm/api').then(({ register }) => register());
  await tsx;
  return import(pathToFileURL(module).href);
}

const { findCommand, overview, suggestCommand } = await load(join(root, 'src/cli/commands.ts'));

/** Exits 2 with an `error:` line, as every command does on bad input. */
function usageError(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

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
  const module = join(root, info.module);
  process.argv = [process.argv[0], module, ...args];
  await load(module);
}
