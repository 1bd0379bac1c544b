export class BackupError extends Error {
  constructor(
    message: string,
    /** CLI exit code: 2 bad input, 3 not found, 4 integrity or key failure, 5 busy, 1 anything else. */
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}
