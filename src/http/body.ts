import Busboy from 'busboy';
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, BadRequest } from './exceptions';
import { QueryDict } from './querydict';
import { FileDict, UploadedFile } from './uploads';

/** The limits on request bodies (Django's DATA_UPLOAD_* and FILE_UPLOAD_* settings). */
export interface BodyLimits {
  /** Largest body, files excluded, in bytes (default 2.5 MB). */
  dataUploadMaxMemorySize: number;
  /** Most fields in a query string or form (default 1,000). */
  dataUploadMaxNumberFields: number;
  /** Most files in one multipart form (default 100). */
  dataUploadMaxNumberFiles: number;
  /** Files up to this size stay in memory; larger ones go to a temporary file (default 2.5 MB). */
  fileUploadMaxMemorySize: number;
  /** Largest single uploaded file, in bytes (default 100 MB). */
  fileUploadMaxSize: number;
}

/** What reading a body produced. */
export interface ParsedBody {
  raw: Buffer;
  post: QueryDict;
  files: FileDict;
  /** True when an Express body parser had already read the body (`req.body` holds its result). */
  preParsed?: boolean;
}

const EMPTY = Buffer.alloc(0);
const ignore = () => {};

function tooBig(limit: number): RequestDataTooBig {
  return new RequestDataTooBig(
    `Request body exceeded dataUploadMaxMemorySize (${limit} bytes). Raise the setting if such bodies are expected.`,
  );
}

/** Whether the request announces a body at all. */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** Read the raw bytes of a body, refusing (while streaming) anything over `limit`. */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    const size = Number(declared);
    if (!Number.isSafeInteger(size) || size < 0) return Promise.reject(new BadRequest('Invalid Content-Length header.'));
    if (size > limit) return Promise.reject(tooBig(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        cleanup();
        req.pause();
        reject(tooBig(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new BadRequest(`The request body could not be read: ${error.message}`));
    };
    const onAborted = () => onError(new Error('client aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  if (!contentType) return '';
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/**
 * Read and parse a body according to its Content-Type. With `form` false (any method but POST,
 * as in Django) form bodies are not parsed: the raw bytes are kept, within the memory limit.
 */
export async function parseBody(req: IncomingMessage, limits: BodyLimits, form = true): Promise<ParsedBody> {
  const type = mediaType(req.headers['content-type']);
  if (form && type === 'multipart/form-data') return parseMultipart(req, limits);
  const raw = hasBody(req) ? await readRawBody(req, limits.dataUploadMaxMemorySize) : EMPTY;
  const post =
    form && type === 'application/x-www-form-urlencoded' && raw.length > 0
      ? QueryDict.parse(raw.toString('utf8'), limits.dataUploadMaxNumberFields)
      : new QueryDict();
  return { raw, post, files: new FileDict() };
}

function parseMultipart(req: IncomingMessage, limits: BodyLimits): Promise<ParsedBody> {
  return new Promise((resolve, reject) => {
    let parser: Busboy.Busboy;
    try {
      parser = Busboy({
        headers: req.headers,
        limits: {
          fields: limits.dataUploadMaxNumberFields,
          fieldSize: limits.dataUploadMaxMemorySize,
          files: limits.dataUploadMaxNumberFiles,
          fileSize: limits.fileUploadMaxSize,
          parts: limits.dataUploadMaxNumberFields + limits.dataUploadMaxNumberFiles,
        },
        defParamCharset: 'utf8',
      });
    } catch (error) {
      reject(new MultiPartParserError(`Invalid multipart body: ${(error as Error).message}`));
      return;
    }
    const fields: [string, string][] = [];
    const files = new FileDict();
    const pendingFiles: Promise<void>[] = [];
    const tempFiles: string[] = [];
    const spills: WriteStream[] = [];
    let fieldBytes = 0;
    let failed = false;

    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      // Close what is still being written before removing it, so no descriptor outlives the request.
      for (const stream of spills) stream.destroy();
      for (const path of tempFiles) void new UploadedFile('', '', '', 0, null, path).cleanup();
      reject(error);
    };

    parser.on('field', (name, value, info) => {
      // A part without a name (`Content-Disposition: form-data`) is skipped, as Django does; read on, it would throw here, outside any request.
      if (typeof name !== 'string') return;
      fieldBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
      if (info.valueTruncated || fieldBytes > limits.dataUploadMaxMemorySize) {
        fail(tooBig(limits.dataUploadMaxMemorySize));
        return;
      }
      fields.push([name, value]);
    });
    parser.on('file', (fieldName, stream, info) => {
      if (!info.filename || typeof fieldName !== 'string') {
        // A file input left empty, or a part without a name: Django leaves it out of FILES.
        // Drained, and its error (busboy passes a cut-off form's error to the open part) is
        // already the parser's: unheard here, it would be thrown outside any request.
        stream.on('error', ignore);
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let spill: WriteStream | null = null;
      let spillPath: string | null = null;
      pendingFiles.push(
        new Promise<void>((done, error) => {
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (spill) {
              // Back-pressure: a slow disk pauses the upload rather than buffering it in memory.
              if (!spill.write(chunk)) {
                stream.pause();
                spill.once('drain', () => stream.resume());
              }
            } else if (size > limits.fileUploadMaxMemorySize) {
              spillPath = join(tmpdir(), `egv-upload-${randomBytes(12).toString('hex')}`);
              tempFiles.push(spillPath);
              spill = createWriteStream(spillPath, { mode: 0o600 });
              spills.push(spill);
              spill.on('error', error);
              for (const c of chunks) spill.write(c);
              spill.write(chunk);
              chunks.length = 0;
            } else {
              chunks.push(chunk);
            }
          });
          stream.on('limit', () =>
            error(new RequestDataTooBig(`An uploaded file exceeded fileUploadMaxSize (${limits.fileUploadMaxSize} bytes).`)),
          );
          stream.on('error', error);
          stream.on('end', () => {
            const finish = () => {
              files.add(
                new UploadedFile(fieldName, info.filename ?? '', info.mimeType, size, spill ? null : Buffer.concat(chunks, size), spillPath),
              );
              done();
            };
            if (spill) spill.end(finish);
            else finish();
          });
        }).catch((e: Error) => fail(e)),
      );
    });
    parser.on('fieldsLimit', () => fail(new TooManyFieldsSent(`The number of POST fields exceeded dataUploadMaxNumberFields (${limits.dataUploadMaxNumberFields}).`)));
    parser.on('filesLimit', () => fail(new TooManyFieldsSent(`The number of files exceeded dataUploadMaxNumberFiles (${limits.dataUploadMaxNumberFiles}).`)));
    parser.on('partsLimit', () => fail(new TooManyFieldsSent('The multipart body has too many parts.')));
    parser.on('error', (error: Error) => fail(new MultiPartParserError(`Invalid multipart body: ${error.message}`)));
    parser.on('close', () => {
      void Promise.all(pendingFiles).then(() => {
        if (failed) return;
        resolve({ raw: EMPTY, post: new QueryDict(fields), files });
      });
    });
    req.on('aborted', () => fail(new BadRequest('The client aborted the upload.')));
    req.pipe(parser);
  });
}
