/**
 * Calls made in one turn of the event loop, sent together: each caller gets its own answer, the
 * store pays one command for the lot. A batch's window of records reaches the store's write in
 * the same turn (their reads are answered by one reply from Redis), so a window is one script call
 * (issue 12: one call per record cost Redis a script's fixed cost per record, and the gateway a
 * command's). A lone call waits one turn more, not a round trip: nothing is held for a timer.
 */
export class CoalescedCalls<Item, Answer> {
  private pending: { item: Item; resolve: (answer: Answer) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  /**
   * `send` answers each item of a group, in order, or an Error for an item of its own that failed
   * (the others are answered); its rejection fails the whole group. At most `maxGroup` items are
   * sent in one call, so that one call never holds Redis long.
   */
  constructor(
    private readonly send: (items: Item[]) => Promise<(Answer | Error)[]>,
    private readonly maxGroup: number,
  ) {}

  call(item: Item): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(this.flush);
    });
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const pending = this.pending;
    this.pending = [];
    for (let start = 0; start < pending.length; start += this.maxGroup) {
      const group = pending.slice(start, start + this.maxGroup);
      this.send(group.map(({ item }) => item)).then(
        (answers) =>
          group.forEach(({ resolve, reject }, i) => {
            const answer = answers[i];
            if (answer instanceof Error) reject(answer);
            else if (answer === undefined) reject(new Error(`a coalesced call answered ${answers.length} of ${group.length} items`));
            else resolve(answer);
          }),
        (error: unknown) => group.forEach(({ reject }) => reject(error)),
      );
    }
  };
}
