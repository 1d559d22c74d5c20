/** CliError: a failure to report to the person at the terminal, with the exit code (2 for a wrong command line). */
import { FactmarkError } from '@factmark/editor';

/** A failure to report to the person at the terminal: the message, and the exit code. */
export class CliError extends FactmarkError {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super('invalid_body', message);
  }
}
