import { join } from 'node:path';

/** The templates of the reliability suite (corpus/…, registration/…). */
export const TEMPLATES = join(__dirname, '..', 'templates');
