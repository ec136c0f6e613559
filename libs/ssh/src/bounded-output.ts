/**
 * Collects a stream's bytes up to a cap. Past the cap it keeps the beginning and the most recent bytes (the end
 * of a failing command's output is what explains the failure) and counts what it dropped in between.
 */
export class BoundedOutput {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer = Buffer.alloc(0);
  private dropped = 0;

  constructor(private readonly capBytes: number) {
    if (capBytes < 2) throw new Error('BoundedOutput needs a cap of at least 2 bytes');
  }

  append(chunk: Buffer): void {
    const headCap = Math.floor(this.capBytes / 2);
    if (this.headBytes < headCap) {
      const taken = chunk.subarray(0, headCap - this.headBytes);
      this.head.push(taken);
      this.headBytes += taken.length;
      chunk = chunk.subarray(taken.length);
    }
    if (chunk.length === 0) return;
    const tailCap = this.capBytes - headCap;
    const joined = Buffer.concat([this.tail, chunk]);
    const excess = Math.max(0, joined.length - tailCap);
    this.dropped += excess;
    this.tail = joined.subarray(excess);
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  toString(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = this.tail.toString('utf8');
    return this.dropped > 0 ? `${head}\n[... ${this.dropped} bytes omitted ...]\n${tail}` : head + tail;
  }
}

/** The last `maxChars` characters of a text, marked when cut (for one-line failure reasons). */
export function endOf(text: string, maxChars: number): string {
  const trimmed = text.trimEnd();
  return trimmed.length <= maxChars ? trimmed : `...${trimmed.slice(trimmed.length - maxChars)}`;
}
