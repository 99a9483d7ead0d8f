/** Step 02: a binary min-heap, what Python's heapq gives PollIOLoop for its timers. */

/** Keeps the smallest item (by `less`) on top; push and pop cost O(log n). */
export class MinHeap<T> {
  readonly #items: T[] = [];
  readonly #less: (a: T, b: T) => boolean;

  constructor(less: (a: T, b: T) => boolean) {
    this.#less = less;
  }

  /** The smallest item, left in place. */
  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    // Sift up: swap with the parent while smaller than it.
    let i = this.#items.push(item) - 1;
    while (i > 0 && this.#lessAt(i, (i - 1) >> 1)) {
      this.#swap(i, (i - 1) >> 1);
      i = (i - 1) >> 1;
    }
  }

  /** Removes and returns the smallest item. */
  pop(): T | undefined {
    const items = this.#items;
    const last = items.pop();
    if (items.length === 0 || last === undefined) return last;
    const top = items[0];
    // Move the last item to the root, then let it sink below smaller children.
    let i = 0;
    items[0] = last;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && this.#lessAt(left, smallest)) smallest = left;
      if (right < items.length && this.#lessAt(right, smallest))
        smallest = right;
      if (smallest === i) return top;
      this.#swap(i, smallest);
      i = smallest;
    }
  }

  #lessAt(i: number, j: number): boolean {
    return this.#less(this.#items[i] as T, this.#items[j] as T);
  }

  #swap(i: number, j: number): void {
    const items = this.#items;
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
