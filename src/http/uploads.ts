import { readFile, unlink } from 'node:fs/promises';

/** A file posted in a multipart form (Django's UploadedFile). */
export class UploadedFile {
  constructor(
    /** The form field it was posted in. */
    readonly fieldName: string,
    /** The file name the client gave (untrusted: never use it as a path). */
    readonly name: string,
    /** The Content-Type the client gave (untrusted). */
    readonly contentType: string,
    /** Size in bytes. */
    readonly size: number,
    /** The bytes, when the file was small enough to keep in memory. */
    readonly buffer: Buffer | null,
    /** The temporary file holding the bytes otherwise; removed after the response. */
    readonly tempPath: string | null,
  ) {}

  /** The whole file as bytes. */
  async read(): Promise<Buffer> {
    return this.buffer ?? readFile(this.tempPath as string);
  }

  /** Remove the temporary file, if any. */
  async cleanup(): Promise<void> {
    if (this.tempPath) await unlink(this.tempPath).catch(() => undefined);
  }
}

/** Files by field name; a field may hold several files. */
export class FileDict {
  private readonly data = new Map<string, UploadedFile[]>();

  /** Add a file under its field name. */
  add(file: UploadedFile): void {
    const list = this.data.get(file.fieldName);
    if (list) list.push(file);
    else this.data.set(file.fieldName, [file]);
  }

  /** The last file posted as `field`. */
  get(field: string): UploadedFile | undefined {
    const list = this.data.get(field);
    return list?.[list.length - 1];
  }

  /** Every file posted as `field`. */
  getList(field: string): UploadedFile[] {
    return [...(this.data.get(field) ?? [])];
  }

  /** Whether a file was posted as `field`. */
  has(field: string): boolean {
    return this.data.has(field);
  }

  /** The field names. */
  keys(): string[] {
    return [...this.data.keys()];
  }

  /** How many fields hold files. */
  get size(): number {
    return this.data.size;
  }

  /** Every file. */
  *all(): IterableIterator<UploadedFile> {
    for (const list of this.data.values()) yield* list;
  }
}
