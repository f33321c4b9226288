import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { lookup as lookupMimeType } from 'mime-types';
import { HttpResponse, type Body, type ResponseInit } from './response';

/** A sync or async iterable of body chunks. */
export type ChunkSource = AsyncIterable<Body> | Iterable<Body>;

/**
 * A response whose body is produced while it is sent. `content` cannot be read;
 * middleware wraps `streamingContent` instead.
 */
export class StreamingHttpResponse extends HttpResponse {
  override readonly streaming = true;
  /** The chunks to send (subclasses may fill it lazily). */
  protected source: ChunkSource;

  constructor(streamingContent: ChunkSource, init: ResponseInit = {}) {
    super('', init);
    this.source = streamingContent;
  }

  /** The chunks to send; assign a new iterable to transform them. */
  get streamingContent(): ChunkSource {
    return this.source;
  }
  set streamingContent(value: ChunkSource) {
    this.source = value;
  }

  override get content(): Buffer {
    throw new TypeError(
      `This ${this.constructor.name} instance has no \`content\` attribute. Use \`streamingContent\` instead.`,
    );
  }
  override set content(_value: Body) {
    throw new TypeError(`This ${this.constructor.name} instance cannot have its content set.`);
  }

  /** Called by the writer after the last chunk, or when the client goes away. */
  close(): void {}
}

/** Options of FileResponse. */
export interface FileResponseInit extends ResponseInit {
  /** Send `Content-Disposition: attachment` (a download) instead of `inline`. */
  asAttachment?: boolean;
  /** The file name shown to the user; default the file's own name. */
  filename?: string;
}

/**
 * `Content-Disposition` for a download, as Django's content_disposition_header: a quoted
 * `filename="…"` for printable ASCII names, `filename*=utf-8''…` (RFC 5987) otherwise.
 */
export function contentDispositionHeader(asAttachment: boolean, filename: string): string | null {
  if (!asAttachment && !filename) return null;
  const disposition = asAttachment ? 'attachment' : 'inline';
  if (!filename) return disposition;
  if (/^[\t \x21-\x7e]*$/.test(filename)) {
    return `${disposition}; filename="${filename.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  const encoded = encodeURIComponent(filename).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename*=utf-8''${encoded}`;
}

/**
 * Streams a file from disk (a path) or any Readable, with Content-Type, Content-Length and
 * Content-Disposition. A path is checked when the response is made (a missing file fails in the
 * view) but opened only when the response is written, and closed after it.
 */
export class FileResponse extends StreamingHttpResponse {
  private stream: Readable | null;
  private readonly filePath: string | null;

  constructor(file: string | Readable, init: FileResponseInit = {}) {
    const { asAttachment = false, filename, ...rest } = init;
    super([], rest);
    const sourcePath =
      typeof file === 'string'
        ? file
        : typeof (file as unknown as { path?: unknown }).path === 'string'
          ? String((file as unknown as { path: string }).path)
          : undefined;
    if (typeof file === 'string') {
      // A missing file throws here, in the view, rather than half-way through the response.
      const stat = statSync(file);
      if (!stat.isFile()) throw new TypeError(`FileResponse needs a file, and '${basename(file)}' is not one.`);
      if (!this.headers.has('Content-Length')) this.headers.set('Content-Length', stat.size);
      this.filePath = file;
      this.stream = null;
    } else {
      this.filePath = null;
      // An error before the writer pipes the stream must not crash the process: the writer's pipeline still sees it.
      file.on('error', () => undefined);
      this.stream = file;
      this.source = file;
      if (sourcePath && !this.headers.has('Content-Length')) {
        try {
          this.headers.set('Content-Length', statSync(sourcePath).size);
        } catch {
          // Not a file we can measure: send it without a length.
        }
      }
    }
    const name = filename ?? (sourcePath ? basename(sourcePath) : '');
    if (init.contentType === undefined) {
      this.headers.set('Content-Type', (name && lookupMimeType(name)) || 'application/octet-stream');
    }
    const disposition = contentDispositionHeader(asAttachment, name);
    if (disposition) this.headers.set('Content-Disposition', disposition);
  }

  override get streamingContent(): ChunkSource {
    if (!this.stream && this.filePath) this.source = this.stream = createReadStream(this.filePath, { highWaterMark: 64 * 1024 });
    return this.source;
  }
  override set streamingContent(value: ChunkSource) {
    this.source = value;
  }

  override close(): void {
    this.stream?.destroy();
  }
}
