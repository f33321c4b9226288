import { randomBytes, randomInt } from 'node:crypto';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createGzip, gzip } from 'node:zlib';
import { Middleware } from '../core/middleware';
import { patchVaryHeaders } from '../http/headers';
import type { HttpRequest } from '../http/request';
import type { Body, HttpResponse } from '../http/response';
import type { ChunkSource, StreamingHttpResponse } from '../http/streaming';

const gzipAsync = promisify(gzip);
const ACCEPTS_GZIP = /\bgzip\b/;
/** Most random bytes added to the gzip header per response (Django's max_random_bytes). */
export const MAX_RANDOM_BYTES = 100;

/**
 * Random bytes in the gzip header's file-name field, so the compressed length of a page no longer
 * reveals how well a secret compresses against attacker input ("Heal the Breach", as Django 4.2).
 */
function randomFilename(maxRandomBytes: number): Buffer {
  const bytes = randomBytes(randomInt(1, maxRandomBytes + 1)).filter((b) => b !== 0);
  return Buffer.concat([Buffer.from(bytes), Buffer.from([0])]);
}

/** Gzip `content` (compression level 6, mtime 0) with a random file name in the header (Django's compress_string). */
export async function compressString(content: Buffer, maxRandomBytes = MAX_RANDOM_BYTES): Promise<Buffer> {
  const compressed = await gzipAsync(content, { level: 6 });
  if (!maxRandomBytes) return compressed;
  const header = Buffer.from(compressed.subarray(0, 10));
  header[3] = 0x08; // FLG.FNAME
  return Buffer.concat([header, randomFilename(maxRandomBytes), compressed.subarray(10)]);
}

/** Gzip a stream of chunks, flushing after each so the client sees them as they come (Django's compress_sequence). */
export function compressSequence(source: ChunkSource, maxRandomBytes = MAX_RANDOM_BYTES): AsyncIterable<Buffer> {
  return (async function* () {
    const gz = createGzip({ level: 6 });
    const input = source instanceof Readable ? source : Readable.from(source as AsyncIterable<Body>, { objectMode: false });
    let first = true;
    const output = input.pipe(gz);
    input.on('error', (error) => gz.destroy(error));
    for await (const chunk of output as AsyncIterable<Buffer>) {
      if (first && maxRandomBytes && chunk.length >= 10) {
        first = false;
        const header = Buffer.from(chunk.subarray(0, 10));
        header[3] = 0x08;
        yield Buffer.concat([header, randomFilename(maxRandomBytes), chunk.subarray(10)]);
        continue;
      }
      first = false;
      yield chunk;
    }
  })();
}

/**
 * Compresses responses for browsers that accept gzip (Django's GZipMiddleware): bodies of 200
 * bytes or more, not already encoded, only when that makes them shorter; streaming responses
 * are compressed as they stream. Adds `Vary: Accept-Encoding` and weakens a strong ETag.
 * Compression runs off the event loop (zlib's thread pool). Put it near the top of the list.
 */
export class GZipMiddleware extends Middleware {
  /** Random bytes added to the gzip header (0 to turn the BREACH mitigation off). */
  maxRandomBytes = MAX_RANDOM_BYTES;

  override async processResponse(request: HttpRequest, response: HttpResponse): Promise<HttpResponse> {
    if (!response.streaming && response.content.length < 200) return response;
    if (response.headers.has('Content-Encoding')) return response;
    patchVaryHeaders(response.headers, ['Accept-Encoding']);
    if (!ACCEPTS_GZIP.test(request.headers.get('accept-encoding') ?? '')) return response;
    if (response.streaming) {
      const streaming = response as StreamingHttpResponse;
      streaming.streamingContent = compressSequence(streaming.streamingContent, this.maxRandomBytes);
      response.headers.delete('Content-Length');
    } else {
      const original = response.content;
      const compressed = await compressString(original, this.maxRandomBytes);
      if (compressed.length >= original.length) return response;
      response.content = compressed;
      response.headers.set('Content-Length', String(compressed.length));
    }
    const etag = response.headers.get('ETag');
    if (etag && etag.startsWith('"')) response.headers.set('ETag', `W/${etag}`);
    response.headers.set('Content-Encoding', 'gzip');
    return response;
  }
}
