/** Splits a byte stream into lines whatever the chunk boundaries (even inside a UTF-8 character); the framing of NDJSON watch streams. */
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly text = new StringDecoder('utf8');
  private pending = '';

  /** The lines this chunk completes (with what was left from earlier chunks); blank lines are skipped. */
  push(chunk: Buffer | string): string[] {
    this.pending += typeof chunk === 'string' ? chunk : this.text.write(chunk);
    const out: string[] = [];
    let start = 0;
    let newline: number;
    while ((newline = this.pending.indexOf('\n', start)) >= 0) {
      const line = this.pending.slice(start, newline);
      start = newline + 1;
      if (line.trim() !== '') out.push(line);
    }
    this.pending = this.pending.slice(start);
    return out;
  }

  /** The last line when the stream ended without a final newline. */
  end(): string[] {
    const rest = this.pending + this.text.end();
    this.pending = '';
    return rest.trim() === '' ? [] : [rest];
  }
}
