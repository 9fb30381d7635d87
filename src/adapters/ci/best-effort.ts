// Publishing results is best effort on every platform: the tests decided the job's outcome, and
// a report that cannot be posted must not change it. A refusal for lack of permission is said
// once and stops every later call (they would be refused too); any other failure is a warning
// for that call alone. Nothing here throws.
export class BestEffort {
  private stopped = false;

  /**
   * @param warn where warnings go
   * @param refusal the message for a permission refusal of `what`, undefined for other errors
   */
  constructor(
    private readonly warn: (message: string) => void,
    private readonly refusal: (error: unknown, what: string) => string | undefined,
  ) {}

  /** No call is made any more. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Says why nothing more will be posted (once), and stops. */
  stop(message: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.warn(message);
  }

  /** Runs one API interaction: its value, or undefined when it failed or calls have stopped. */
  async attempt<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    if (this.stopped) return undefined;
    try {
      return await call();
    } catch (error) {
      const refused = this.refusal(error, what);
      if (refused !== undefined) this.stop(refused);
      else this.warn(`Could not ${what}: ${(error as Error).message}`);
      return undefined;
    }
  }
}
