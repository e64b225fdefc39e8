import { ConfigurationError } from './environment.js';

/**
 * Runs an app's main function. A start-up failure ends the process with 1 and says what is
 * wrong on stderr: one line for a configuration problem, the stack too for anything else.
 */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: ${message}\n`);
    if (!(error instanceof ConfigurationError)) console.error(error);
    process.exit(1);
  });
}
