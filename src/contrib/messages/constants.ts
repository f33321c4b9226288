/** Message levels (Django's django.contrib.messages.constants). */
export const DEBUG = 10;
export const INFO = 20;
export const SUCCESS = 25;
export const WARNING = 30;
export const ERROR = 40;

/** The CSS tag of each level (override with the `messageTags` setting). */
export const DEFAULT_TAGS: Readonly<Record<number, string>> = Object.freeze({
  [DEBUG]: 'debug',
  [INFO]: 'info',
  [SUCCESS]: 'success',
  [WARNING]: 'warning',
  [ERROR]: 'error',
});

/** Level names to numbers, for templates (`DEFAULT_MESSAGE_LEVELS.ERROR`). */
export const DEFAULT_LEVELS = Object.freeze({ DEBUG, INFO, SUCCESS, WARNING, ERROR });

/** One message (Django's Message): its level, text and CSS tags. */
export class Message {
  constructor(
    readonly level: number,
    readonly message: string,
    readonly extraTags: string = '',
    private readonly levelTags: Readonly<Record<number, string>> = DEFAULT_TAGS,
  ) {}

  /** The level's tag: 'success', 'error', … ('' for a custom level without a tag). */
  get levelTag(): string {
    return this.levelTags[this.level] ?? '';
  }

  /** `extraTags` and the level tag, space-separated: ready for a `class` attribute. */
  get tags(): string {
    return [this.extraTags, this.levelTag].filter(Boolean).join(' ');
  }

  toString(): string {
    return this.message;
  }

  equals(other: unknown): boolean {
    return other instanceof Message && other.level === this.level && other.message === this.message;
  }

  /** The stored form: `[level, message, extraTags?]`. */
  toJSON(): unknown[] {
    return this.extraTags ? [this.level, this.message, this.extraTags] : [this.level, this.message];
  }
}
