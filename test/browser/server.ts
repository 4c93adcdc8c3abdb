/**
 * The facilitator in a new process for the browser tests: the compiled command line, started
 * with Node itself (not npx) so that a SIGKILL reaches the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { commandLine } from '../command.js';

/** A running facilitator and each seat's link, as it printed them. */
export interface Served {
  readonly child: ChildProcess;
  readonly links: Record<string, string>;
}

/** Starts the facilitator with `args` and resolves once it has printed every seat's link. */
export function startServer(args: string[]): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, commandLine('facilitate', args), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const links = Object.fromEntries(
        [...out.matchAll(/^(\S+)\s+(http:\/\/\S+)$/gm)].map((m) => [m[1]!, m[2]!]),
      );
      if (links.control) resolve({ child, links });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`facilitate exited (${code}): ${err}`)));
  });
}
