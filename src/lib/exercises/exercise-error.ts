/** The error an exercise that cannot be loaded throws: the CLI prints its message, no stack trace. */

/** An exercise that cannot be loaded, with the file and the reason. */
export class ExerciseError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ExerciseError';
  }
}
