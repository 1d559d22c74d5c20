/**
 * The `factmark` command line: the program with its global options (a data
 * directory or a running server), its commands (cli/commands.ts) and `main`,
 * which turns every failure into a message and an exit code.
 */
import { Command, CommanderError } from 'commander';
import { type Backend, LocalBackend, RemoteBackend } from './cli/backends.ts';
import { captureCommand } from './cli/capture-command.ts';
import { CliError } from './cli/cli-error.ts';
import { exportCommand, importCommands } from './cli/commands.ts';
import { hintsCommand } from './cli/hints-command.ts';

/** The `factmark` command line. */
export function buildProgram(): Command {
  const program = new Command('factmark')
    .description(
      'Import articles and annotations into Factmark, export checks, list documents, capture sources, find claims.',
    )
    .option('--data <dir>', 'the data directory (default: DATA_DIR or ./data; DATABASE_URL selects PostgreSQL)')
    .option('--server <url>', 'a running Factmark server instead of a data directory')
    .option('--token <token>', 'with --server: a personal access token (or FACTMARK_TOKEN)')
    .option('--email <email>', 'with --server: who signs in (or FACTMARK_EMAIL)')
    .option('--password <password>', 'with --server: their password (or FACTMARK_PASSWORD)')
    .showHelpAfterError()
    .exitOverride();

  const backend = async (): Promise<Backend> => {
    const o = program.opts<{ data?: string; server?: string; token?: string; email?: string; password?: string }>();
    if (o.server && o.data) throw new CliError('Give either --data or --server, not both', 2);
    return o.server
      ? RemoteBackend.open(o.server, {
          token: o.token ?? process.env.FACTMARK_TOKEN,
          email: o.email ?? process.env.FACTMARK_EMAIL,
          password: o.password ?? process.env.FACTMARK_PASSWORD,
        })
      : LocalBackend.open(o.data);
  };
  const run = async (work: (b: Backend) => Promise<void>): Promise<void> => {
    const b = await backend();
    try {
      await work(b);
    } finally {
      await b.close();
    }
  };
  importCommands(program, run);
  exportCommand(program, run);
  captureCommand(program);
  hintsCommand(program);
  for (const command of program.commands) command.showHelpAfterError().exitOverride();
  return program;
}

/** Run the command line with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`factmark: ${(error as Error).message}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
