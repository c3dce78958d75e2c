/**
 * Typed errors. Every error a user can see carries a one-line message and, where we know it,
 * the fix. The exit code is part of the contract (DESIGN.md): 2 = invalid input (nothing was
 * written), 1 = the operation failed (remote error, unhealthy, timeout, unresolvable conflict).
 */
export abstract class GitopsError extends Error {
  abstract readonly exitCode: 1 | 2;
  constructor(
    message: string,
    /** What the user should do about it, shown after the message. */
    readonly fix?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
  /** The single line shown to users: message, then the fix. */
  get userMessage(): string {
    return this.fix ? `${this.message} (${this.fix})` : this.message;
  }
}

/** Bad flag, bad YAML, missing key, unknown app/env, path outside the repo. Exit 2. */
export class InputError extends GitopsError {
  readonly exitCode = 2 as const;
}

/** Something remote failed or refused: network, auth, 404, protected branch. Exit 1. */
export class RemoteError extends GitopsError {
  readonly exitCode = 1 as const;
  constructor(message: string, fix?: string, options?: { cause?: unknown; status?: number }) {
    super(message, fix, options);
    this.status = options?.status;
  }
  readonly status?: number;
}

/** The operation ran and failed on its own terms: unhealthy, timeout, a precondition refused, conflict. Exit 1. */
export class OperationError extends GitopsError {
  readonly exitCode = 1 as const;
}

/** A compare-and-swap write lost the race; the caller re-reads and re-applies. */
export class ConflictError extends GitopsError {
  readonly exitCode = 1 as const;
}

export function exitCodeOf(err: unknown): 1 | 2 {
  return err instanceof GitopsError ? err.exitCode : 1;
}

export function messageOf(err: unknown): string {
  if (err instanceof GitopsError) return err.userMessage;
  if (err instanceof Error) return err.message;
  return String(err);
}
