import { join } from 'node:path';
import { defineApp } from '../conf/apps';

/** The folder of the forms app's templates (`forms/mixins.pug`). */
export const FORMS_TEMPLATES = join(__dirname, 'templates');

/**
 * The forms app (Django's `django.forms` in INSTALLED_APPS): add it to `installedApps` to use
 * the Pug mixins `+form(form)`, `+field(field)`, `+errorList(errors)`, `+nonFieldErrors(form)`
 * after `include /forms/mixins`.
 *
 * @example
 * ```ts
 * createApp({ ..., installedApps: [formsApp, moviesApp] });
 * ```
 */
export const formsApp = defineApp({ label: 'forms', templates: FORMS_TEMPLATES });
