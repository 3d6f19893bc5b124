/**
 * An error for a configuration mistake (settings, option texts, missing type information): ESLint prints an error's
 * stack, and a stack into the plugin's code would read as a crash, so this one has no frames: ESLint shows the
 * message, its "Error while loading rule" prefix and the file it was linting.
 */
export function configurationError(message: string): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new Error(message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
