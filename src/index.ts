/**
 * express-generic-views: Django's request/response cycle and class-based generic views, in
 * TypeScript, on Express 5. This file is the one public entry point.
 */
import 'reflect-metadata';

// Application
export { createApp, type FrameworkApp } from './core/app';
export type { CloseOptions } from './core/lifecycle';
export { defineApp, type AppConfig } from './conf/apps';
export { registerSettings, type Settings, type NormalizedSettings, type Logger, type TemplateSettings } from './conf/settings';

// Middleware
export {
  Middleware,
  type GetResponse,
  type MiddlewareEntry,
  type MiddlewareFactory,
  type MiddlewareHooks,
  type MiddlewareClass,
} from './core/middleware';
export { fromExpress, type ExpressMiddleware } from './core/express';
export { CommonMiddleware } from './middleware/common';

// Requests and responses
export { HttpRequest, type ExpressPair } from './http/request';
export { QueryDict, type QueryInit } from './http/querydict';
export { ResponseHeaders, RequestHeaders, patchVaryHeaders } from './http/headers';
export { UploadedFile, FileDict } from './http/uploads';
export {
  HttpResponse,
  HttpResponseRedirect,
  HttpResponsePermanentRedirect,
  HttpResponseRedirectBase,
  HttpResponseNotModified,
  HttpResponseBadRequest,
  HttpResponseNotFound,
  HttpResponseForbidden,
  HttpResponseNotAllowed,
  HttpResponseGone,
  HttpResponseServerError,
  type ResponseInit,
  type CookieOptions,
} from './http/response';
export { JsonResponse, type JsonResponseInit } from './http/json';
export { StreamingHttpResponse, FileResponse, type FileResponseInit, type ChunkSource } from './http/streaming';
export {
  FrameworkError,
  ImproperlyConfigured,
  MiddlewareNotUsed,
  Http404,
  PermissionDenied,
  BadRequest,
  SuspiciousOperation,
  DisallowedHost,
  DisallowedRedirect,
  TooManyFieldsSent,
  RequestDataTooBig,
  MultiPartParserError,
  MalformedUrl,
  Resolver404,
  NoReverseMatch,
  ContentNotRenderedError,
  ServiceUnavailable,
} from './http/exceptions';

// URLs
export { path, rePath, include, type Included, type UrlPattern, type PathOptions, type IncludeOptions } from './urls/patterns';
export { route, type RouteOptions } from './urls/route-decorator';
export { reverse, reverseLazy, resolve } from './urls/base';
export { ResolverMatch } from './urls/resolver-match';
export type { ReverseOptions } from './urls/resolver';
export {
  registerConverter,
  IntConverter,
  StringConverter,
  SlugConverter,
  UuidConverter,
  type PathConverter,
  type PathConverterClass,
} from './urls/converters';
export type { ViewFunction, Kwargs, MaybePromise } from './urls/types';

// Views
export { View, HTTP_METHOD_NAMES, type ViewClass } from './views/base';
export { noAppendSlash } from './views/decorators';
export { requireHttpMethods, requireGET, requirePOST, requireSafe } from './views/http-decorators';

// Templates, TemplateView, RedirectView and shortcuts
export { TemplateResponse, SimpleTemplateResponse, type TemplateSpec, type TemplateResponseInit, type PostRenderCallback } from './templates/response';
export type { Context, Template, TemplateEngine } from './templates/engine';
export { PugEngine, type PugEngineOptions } from './templates/pug-engine';
export { TemplateDoesNotExist, TemplateSyntaxError, SuspiciousFileOperation, type TemplateAttempt } from './templates/errors';
export { getTemplate, selectTemplate, renderToString, type TemplateLookupOptions } from './templates/loader-api';
export {
  requestContextProcessor,
  debugContextProcessor,
  staticContextProcessor,
  defaultContextProcessors,
  registerBuiltinContextProcessor,
  type ContextProcessor,
} from './templates/context-processors';
export { SafeString, markSafe, isSafe } from './templates/safe';
export { checkTemplateName } from './templates/names';
export { errorTemplateResponse, type ErrorStatus } from './templates/error-pages';
export { ContextMixin, type Constructor } from './views/mixins/context';
export { TemplateResponseMixin, type TemplateResponseClass } from './views/mixins/template-response';
export { TemplateView, RedirectView } from './views/generic/base';
export { render, redirect, resolveUrl, type RedirectOptions, type RedirectTarget, type HasAbsoluteUrl } from './shortcuts';

// Data access, pagination, list and detail views (db/, views/generic/list, detail, dates)
export { currentDataSource, currentManager, databaseFor, type Database } from './db/context';
export { atomic, nonAtomicRequests } from './db/transaction';
export { appLabelOf, modelName, contextName, verboseName, templateNameFor } from './db/names';
export { applyOrdering, parseOrdering, sortByOrdering, type Ordering, type OrderTerm } from './db/ordering';
export { getObjectOr404, getListOr404, queryFor, filterBy, type Lookup, type QuerySource } from './db/lookups';
export { MultipleObjectsReturned, InvalidPage, PageNotAnInteger, EmptyPage, InvalidCursor } from './db/errors';
export { isDatabaseUnavailable } from './db/availability';
export { countRows } from './db/count';
export { Paginator, type PaginatorOptions, type PaginatorMessages, type PageSource, type Sliceable } from './db/paginator';
export { Page } from './db/page';
export { CursorPaginator, type CursorPaginatorOptions } from './db/cursor';
export { CursorPage } from './db/cursor-page';
export type { QuerysetSpec, ObjectList } from './db/queryset';
export { MultipleObjectMixin, type PaginatorClass } from './views/mixins/multiple-object';
export { SingleObjectMixin } from './views/mixins/single-object';
export { ListView, BaseListView, MultipleObjectTemplateResponseMixin } from './views/generic/list';
export { DetailView, BaseDetailView, SingleObjectTemplateResponseMixin } from './views/generic/detail';
export { YearMixin, MonthMixin, DayMixin, WeekMixin, DateMixin } from './views/mixins/dates';
export {
  BaseDateListView,
  ArchiveIndexView,
  BaseArchiveIndexView,
  YearArchiveView,
  BaseYearArchiveView,
  MonthArchiveView,
  BaseMonthArchiveView,
  WeekArchiveView,
  BaseWeekArchiveView,
  DayArchiveView,
  BaseDayArchiveView,
  TodayArchiveView,
  BaseTodayArchiveView,
  DateDetailView,
  BaseDateDetailView,
  type DatedItems,
} from './views/generic/dates';

// Contrib: sessions, CSRF, auth, messages; security middleware (src/contrib, src/middleware)
export { registerAppSettings, type SessionSettings, type CsrfSettings } from './contrib/conf';
export { urlHasAllowedHostAndScheme } from './contrib/urls';
export {
  Session,
  SessionMiddleware,
  SignedCookieSessionStore,
  DatabaseSessionStore,
  RedisSessionStore,
  DjangoSession,
  sessionsApp,
  clearExpiredSessions,
  closeSessionStores,
  CreateError,
  UpdateError,
  SessionInterrupted,
  type SessionStore,
  type SessionData,
  type RedisSessionStoreOptions,
} from './contrib/sessions';
export {
  CsrfViewMiddleware,
  csrfExempt,
  csrfProtect,
  requiresCsrfToken,
  ensureCsrfCookie,
  csrfFailure,
  getToken,
  rotateToken,
  csrfContextProcessor,
  CSRF_FIELD_NAME,
} from './contrib/csrf';
export {
  AnonymousUser,
  AbstractBaseUser,
  AbstractUser,
  User,
  Group,
  Permission,
  PBKDF2PasswordHasher,
  PBKDF2SHA1PasswordHasher,
  ScryptPasswordHasher,
  makePassword,
  checkPassword,
  isPasswordUsable,
  MAX_PASSWORD_LENGTH,
  ModelBackend,
  authenticate,
  login,
  logout,
  getUser,
  updateSessionAuthHash,
  AuthenticationMiddleware,
  LoginRequiredMiddleware,
  loginNotRequired,
  requestUser,
  AccessMixin,
  LoginRequiredMixin,
  PermissionRequiredMixin,
  UserPassesTestMixin,
  loginRequired,
  permissionRequired,
  userPassesTest,
  type LoginRedirectOptions,
  redirectToLogin,
  createUser,
  createSuperuser,
  syncPermissions,
  authApp,
  AuthenticationForm,
  LoginView,
  LogoutView,
  RedirectUrlMixin,
  type PasswordHasher,
  type AuthBackend,
  type AuthUser,
} from './contrib/auth';
export {
  messages,
  messagesApp,
  MessageMiddleware,
  SuccessMessageMixin,
  Message,
  MessageFailure,
  CookieStorage,
  SessionStorage,
  FallbackStorage,
  type AddMessageOptions,
} from './contrib/messages';
export { SecurityMiddleware } from './middleware/security';
export { XFrameOptionsMiddleware, xframeOptionsExempt, xframeOptionsDeny, xframeOptionsSameorigin } from './middleware/xframe';
export { GZipMiddleware } from './middleware/gzip';
export { ConditionalGetMiddleware, getConditionalResponse } from './middleware/conditional-get';
export { defaultMiddleware, type DefaultMiddlewareOptions } from './middleware/defaults';

// Forms and editing views (forms/, views/mixins/form, model-form, deletion, views/generic/edit)
export { Form, type FormOptions, type FormClass } from './forms/form';
export { Field, type FieldOptions, type FieldSpec, type FieldKind, type FieldChecks, type ChoicesInit, type RelatedSpec } from './forms/fields';
export { MAX_MODEL_CHOICES } from './forms/model-choice';
export { BoundField, BLANK_CHOICE } from './forms/bound-field';
export { ValidationError, NON_FIELD_ERRORS, type ErrorDict } from './forms/errors';
export { DEFAULT_MESSAGES, prettyName } from './forms/messages';
export { ModelForm, modelForm, isUniqueViolation, type ModelFormMeta, type ModelFormOptions, type ModelFormClass } from './forms/model-form';
export type { FormData, FormFiles } from './forms/source';
export {
  Widget,
  Input,
  TextInput,
  NumberInput,
  EmailInput,
  URLInput,
  PasswordInput,
  HiddenInput,
  DateInput,
  DateTimeInput,
  FileInput,
  CheckboxInput,
  Textarea,
  Select,
  SelectMultiple,
  RadioSelect,
  CheckboxSelectMultiple,
  MultipleTextInput,
  WIDGETS,
  type WidgetSpec,
  type Attrs,
  type Choice,
} from './forms/widgets';
export { formsApp, FORMS_TEMPLATES } from './forms/app';
export { FormMixin, ProcessFormView, type UrlLike, type FormKwargs } from './views/mixins/form';
export { ModelFormMixin, braceFormat } from './views/mixins/model-form';
export { DeletionMixin } from './views/mixins/deletion';
export { BaseFormView, FormView, BaseCreateView, CreateView, BaseUpdateView, UpdateView, BaseDeleteView, DeleteView } from './views/generic/edit';

// Command line: commands an installed app adds (`defineApp({ commands })`)
export type { AppCommand, CommandContext } from './cli/app-command';

// Testing helpers (src/test)
export { RequestFactory, type RequestData, type RequestOptions } from './test/request-factory';
