import type { QueryRunner } from 'typeorm';

/**
 * The part of node-postgres's connection a COPY FROM STDIN speaks to (pg's "submittable" interface, the one
 * pg-copy-streams and pg-cursor use): the query, then CopyData messages, then CopyDone.
 */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

interface PgClient {
  query(submittable: CopyFromStdin): unknown;
}

/** Bytes per CopyData message: PostgreSQL takes any size, this keeps each write to the socket modest. */
const COPY_MESSAGE_BYTES = 256 * 1024;

/**
 * `COPY … FROM STDIN` of text already in COPY's text format, on the runner's own connection (so inside its
 * transaction). A batch of an import is a few hundred kilobytes, sent whole: there is nothing to stream. The
 * query may hold more statements around the COPY (simple query protocol, no parameters); the rows of the last
 * one that returns rows are kept, as text.
 */
class CopyFromStdin {
  callback?: (err: Error | null) => void;
  rows: (string | null)[][] = [];
  private error: Error | null = null;

  constructor(
    readonly text: string,
    private readonly data: Buffer,
  ) {}

  /**
   * The data goes right behind the query, not after the server's CopyInResponse: that saves a round trip, which
   * here is a wait for this busy process. The server reads it once it is in COPY mode; if a statement before
   * the COPY fails, it ignores copy messages outside COPY mode (as the protocol has it, for this very case).
   */
  submit(connection: PgConnection): void {
    connection.query(this.text);
    for (let at = 0; at < this.data.length; at += COPY_MESSAGE_BYTES) {
      connection.sendCopyFromChunk(this.data.subarray(at, at + COPY_MESSAGE_BYTES));
    }
    connection.endCopyFrom();
  }

  handleCopyInResponse(): void {}

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.callback?.(this.error);
  }

  handleError(err: Error): void {
    // pg drops the active query on an ErrorResponse: no ReadyForQuery reaches it, so answer now.
    this.error = err;
    this.callback?.(err);
    this.callback = undefined;
  }

  handleRowDescription(): void {
    this.rows = [];
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    this.rows.push(msg.fields);
  }

  // Not sent by the server for these statements; present because pg calls them on whatever query is active.
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * Runs `sql`, which holds one `COPY … FROM STDIN`, with `data` (text format) on the runner's connection; answers
 * the rows of the last statement that returned any, each value as text (NULL as null).
 */
export async function copyIn(runner: QueryRunner, sql: string, data: Buffer): Promise<(string | null)[][]> {
  const client = (await runner.connect()) as PgClient;
  const copy = new CopyFromStdin(sql, data);
  await new Promise<void>((resolve, reject) => {
    copy.callback = (err) => (err ? reject(err) : resolve());
    client.query(copy);
  });
  return copy.rows;
}

/**
 * One value in COPY's text format: NULL is \N; backslash, tab, newline and carriage return escaped. Text from
 * a file may hold any of them (a quoted CSV cell spans lines).
 */
export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, escapeChar) : value;
}

/** A text[] in COPY's text format: an array literal with every element quoted, then escaped as one value. */
export function copyTextArray(values: readonly string[] | null | undefined): string {
  if (values === null || values === undefined) return '\\N';
  const literal = `{${values.map((v) => `"${v.replace(ARRAY_ESCAPED, '\\$&')}"`).join(',')}}`;
  return copyText(literal);
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const ARRAY_ESCAPED = /["\\]/g;
const escapeChar = (c: string): string =>
  c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r';
