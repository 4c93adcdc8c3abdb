/**
 * What a worker pool runs: a task module, which a worker thread imports and sets up once with the
 * job's data (`createTask(init)`), then asks to answer requests one at a time. A batch's chunks of
 * runs are one task; a study's points, a comparison's and a calibration's runs are others. This
 * file holds what the pool (`pool.ts`) and the worker thread (`thread.ts`) exchange.
 */
import type { ResourceLimits } from 'node:worker_threads';
import { InputError, type InputIssue } from '../scenario/errors.js';

/** Answers one request of a job; may be asynchronous. */
export type TaskHandler<Request, Result> = (request: Request) => Result | Promise<Result>;

/** What a task module exports. */
export interface TaskModule<Init, Request, Result> {
  /** Sets the task up with the job's data; the returned handler answers every request. */
  createTask(init: Init): TaskHandler<Request, Result> | Promise<TaskHandler<Request, Result>>;
}

/**
 * A task as a pool is given it: the compiled module its worker threads import (see
 * `compiledModule`), and a name for messages ("batch", "study"). The type parameters tie the
 * descriptor to the module's init, request and result types.
 */
export interface Task<Init, Request, Result> {
  readonly name: string;
  readonly module: URL;
  /** Each worker's heap limits, when the pool's default (`WORKER_HEAP`) does not suit the task. */
  readonly heap?: ResourceLimits;
  /** Never set: carries the types. */
  readonly types?: (init: Init, request: Request) => Result;
}

/** What a pool sends its worker threads. */
export type ToThread =
  | { readonly type: 'init'; readonly init: unknown }
  | { readonly type: 'request'; readonly id: number; readonly request: unknown };

/** An error as it crosses from a worker thread: what the command line needs to tell it as it would in one thread. */
export interface SentError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** An {@link InputError}'s issues. */
  readonly issues?: readonly InputIssue[];
  /** A file-system error's code, path and system call. */
  readonly code?: string;
  readonly path?: string;
  readonly syscall?: string;
}

/** What a worker thread answers: a request's result, or the error it threw. */
export type FromThread =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: SentError };

/** An error as a worker thread sends it. */
export function sendError(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  return {
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(error instanceof InputError ? { issues: error.issues } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof path === 'string' ? { path } : {}),
    ...(typeof syscall === 'string' ? { syscall } : {}),
  };
}

/** The error a worker thread sent, as this thread throws it: an {@link InputError} again if it was one. */
export function receivedError(sent: SentError): Error {
  if (sent.issues) return new InputError(sent.issues);
  const error = new Error(sent.message) as Error & Partial<NodeJS.ErrnoException>;
  error.name = sent.name;
  if (sent.stack !== undefined) error.stack = sent.stack;
  if (sent.code !== undefined) error.code = sent.code;
  if (sent.path !== undefined) error.path = sent.path;
  if (sent.syscall !== undefined) error.syscall = sent.syscall;
  return error;
}
