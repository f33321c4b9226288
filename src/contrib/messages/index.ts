import { defineApp, type AppConfig } from '../../conf/apps';

export { messages, addMessage, getMessages, getLevel, setLevel, MessageFailure, messagesContextProcessor, type AddMessageOptions } from './api';
export { Message, DEBUG, INFO, SUCCESS, WARNING, ERROR, DEFAULT_TAGS, DEFAULT_LEVELS } from './constants';
export { MessageStorage } from './storage';
export { CookieStorage, SessionStorage, FallbackStorage } from './backends';
export { MessageMiddleware } from './middleware';
export { SuccessMessageMixin } from './views';

/** The messages app: add it to `installedApps` (it has no entities). */
export const messagesApp: AppConfig = defineApp({ label: 'messages' });
