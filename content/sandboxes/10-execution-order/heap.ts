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
    if (this.#items.length < 2) return this.#items.pop();
    this.#swap(0, this.#items.length - 1);
    const top = this.#items.pop();
    // Sift down: swap with the smaller child while bigger than it.
    for (let i = 0, min = 0; ; i = min) {
      for (const child of [2 * i + 1, 2 * i + 2]) {
        if (child < this.#items.length && this.#lessAt(child, min)) min = child;
      }
      if (min === i) return top;
      this.#swap(i, min);
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
