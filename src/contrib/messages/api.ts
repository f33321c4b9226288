import type { HttpRequest } from '../../http/request';
import { registerBuiltinContextProcessor } from '../../templates/context-processors';
import { DEBUG, DEFAULT_LEVELS, ERROR, INFO, SUCCESS, WARNING, type Message } from './constants';
import { storageOf } from './middleware';
import type { MessageStorage } from './storage';

/** A message was added without MessageMiddleware (Django's MessageFailure). */
export class MessageFailure extends Error {}

/** Options of addMessage and the level shortcuts. */
export interface AddMessageOptions {
  /** More CSS classes for this message. */
  extraTags?: string;
  /** Do nothing (instead of throwing) when MessageMiddleware is not installed. */
  failSilently?: boolean;
}

/** Queue a message for the user of `request` (Django's add_message). */
export function addMessage(request: HttpRequest, level: number, message: string, options: AddMessageOptions = {}): void {
  const storage = storageOf(request);
  if (!storage) {
    if (options.failSilently) return;
    throw new MessageFailure('You cannot add messages without installing MessageMiddleware (add it to the middleware setting; defaultMiddleware() has it).');
  }
  storage.add(level, message, options.extraTags ?? '');
}

/** The request's messages (an empty list without MessageMiddleware); `await storage.list()` reads them. */
export function getMessages(request: HttpRequest): MessageStorage | Message[] {
  return storageOf(request) ?? [];
}

/** The minimum level recorded for this request. */
export function getLevel(request: HttpRequest): number {
  return storageOf(request)?.level ?? INFO;
}

/** Change the minimum level for this request; false without MessageMiddleware. */
export function setLevel(request: HttpRequest, level: number): boolean {
  const storage = storageOf(request);
  if (!storage) return false;
  storage.level = level;
  return true;
}

const at = (level: number) => (request: HttpRequest, message: string, options?: AddMessageOptions) => addMessage(request, level, message, options);

/**
 * The messages framework (Django's django.contrib.messages): one-time notices shown on the next
 * page.
 *
 * @example
 * ```ts
 * messages.success(request, 'Movie saved.');
 * return redirect('movies:list');
 * // template: each m in messages  →  li(class=m.tags)= m
 * ```
 */
export const messages = Object.freeze({
  addMessage,
  getMessages,
  getLevel,
  setLevel,
  debug: at(DEBUG),
  info: at(INFO),
  success: at(SUCCESS),
  warning: at(WARNING),
  error: at(ERROR),
  DEBUG,
  INFO,
  SUCCESS,
  WARNING,
  ERROR,
  DEFAULT_LEVELS,
  MessageFailure,
});

/** Adds `messages` and `DEFAULT_MESSAGE_LEVELS` to templates (Django's messages context processor); only `messages: []` without MessageMiddleware. */
export async function messagesContextProcessor(request: HttpRequest): Promise<Record<string, unknown>> {
  const storage = storageOf(request);
  // Without MessageMiddleware: an empty list, so `each m in messages` still works.
  if (!storage) return { messages: [] };
  await storage.load();
  return { messages: storage.templateList(), DEFAULT_MESSAGE_LEVELS: DEFAULT_LEVELS };
}

registerBuiltinContextProcessor(messagesContextProcessor);
