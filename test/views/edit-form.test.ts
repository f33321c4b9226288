/**
 * Port of Django's tests/generic_views/test_edit.py for FormMixin and FormView (no database),
 * through supertest; plus uploads through FILES.
 */
import { existsSync } from 'node:fs';
import { IsString } from 'class-validator';
import request from 'supertest';
import { Field, Form, FormView, HttpResponse, path, reverseLazy, UploadedFile, type Context, type FormClass } from '../../src';
import { dump, editingApp, type EditingApp } from './edit-support';

class ContactForm extends Form {
  @IsString() name!: string;
  @Field({ widget: 'textarea' }) @IsString() message!: string;
}

class OtherForm extends Form {
  @IsString() other!: string;
}

let getFormCalls = 0;

class ContactView extends FormView<ContactForm> {
  override formClass = ContactForm;
  override successUrl = reverseLazy('authors_list');
  override templateName = 'editing/form.pug';
  override async getForm(formClass?: FormClass | null) {
    getFormCalls++;
    return super.getForm(formClass);
  }
}

class LateValidationView extends ContactView {
  override async formValid(form: ContactForm) {
    form.addError(null, 'There is an error');
    return this.formInvalid(form);
  }
}

/** Mutates its initial dict: the next request must not see it (FormMixinTests.test_initial_data). */
class InitialView extends ContactView {
  override initial = { name: 'Initial' };
  override getInitial() {
    const initial = super.getInitial();
    const seen = initial.message;
    initial.message = 'mutated';
    return { ...initial, name: seen === undefined ? 'fresh' : 'leaked' };
  }
}

/** getForm() with an explicit class, and a form passed to getContextData() kept as given. */
class ExplicitFormView extends ContactView {
  override async getContextData(kwargs: Context = {}) {
    return super.getContextData({ ...kwargs, form: kwargs.form ?? (await this.getForm(OtherForm)) });
  }
}

class NoFormClass extends FormView {
  override templateName = 'editing/form.pug';
}
class NoSuccessUrl extends FormView<ContactForm> {
  override formClass = ContactForm;
  override templateName = 'editing/form.pug';
}

class UploadForm extends Form {
  @IsString() title!: string;
  @Field({ type: UploadedFile }) attachment!: UploadedFile;
}
let lastUpload: { tempPath: string | null; text: string } | null = null;
class UploadView extends FormView<UploadForm> {
  override formClass = UploadForm;
  override templateName = 'editing/form.pug';
  override async formValid(form: UploadForm) {
    const file = form.cleanedData.attachment as UploadedFile;
    lastUpload = { tempPath: file.tempPath, text: (await file.read()).toString() };
    return new HttpResponse(`stored ${file.name} (${file.size} bytes)`);
  }
}

const urls = [
  path('list/authors/', () => new HttpResponse('list'), { name: 'authors_list' }),
  path('contact/', ContactView.asView()),
  path('contact/prefixed/', ContactView.asView({ prefix: 'c' })),
  path('late-validation/', LateValidationView.asView()),
  path('initial/', InitialView.asView()),
  path('explicit/', ExplicitFormView.asView()),
  path('no-form-class/', NoFormClass.asView()),
  path('no-success-url/', NoSuccessUrl.asView()),
  path('upload/', UploadView.asView()),
];

describe('FormMixin and FormView (Django test_edit)', () => {
  let env: EditingApp;
  const get = (url: string) => request(env.app).get(url);
  const post = (url: string, data: Record<string, string>) => request(env.app).post(url).type('form').send(data);

  beforeAll(async () => {
    env = await editingApp([], urls, { fileUploadMaxMemorySize: 16 });
  });
  beforeEach(() => {
    getFormCalls = 0;
    env.logger.lines.length = 0;
  });

  test('a valid post redirects to the success URL (test_post_data)', async () => {
    const res = await post('/contact/', { name: 'Me', message: 'Hello' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/list/authors/');
  });

  test('GET shows an unbound form, made once', async () => {
    const d = dump(await get('/contact/'));
    expect(d.form).toMatchObject({ cls: 'ContactForm', bound: false, errors: null, fields: ['name', 'message'] });
    expect(d.template).toBe('editing/form.pug');
    expect(d.view).toBe('ContactView');
    expect(getFormCalls).toBe(1);
  });

  test('an invalid post re-renders the page with the bound form, status 200, getForm() called once', async () => {
    const d = dump(await post('/contact/', { name: 'Me' }));
    expect(d.form!.bound).toBe(true);
    expect(d.form!.errors).toEqual({ message: ['This field is required.'] });
    expect(d.form!.values.name).toBe('Me');
    expect(getFormCalls).toBe(1);
  });

  test('a form can be made invalid in formValid() (test_late_form_validation)', async () => {
    const d = dump(await post('/late-validation/', { name: 'Me', message: 'Hello' }));
    expect(d.form!.errors).toEqual({ __all__: ['There is an error'] });
  });

  test('the prefix applies to the posted names (test_get_prefix)', async () => {
    expect((await post('/contact/prefixed/', { name: 'Me', message: 'Hi' })).status).toBe(200);
    expect((await post('/contact/prefixed/', { 'c-name': 'Me', 'c-message': 'Hi' })).status).toBe(302);
    expect(dump(await get('/contact/prefixed/')).form!.html).toContain('name="c-name"');
  });

  test('getInitial() is a copy per request (test_initial_data)', async () => {
    await get('/initial/');
    const d = dump(await get('/initial/'));
    expect(d.form!.values).toEqual({ name: 'fresh', message: 'mutated' });
  });

  test('getForm(formClass) and a form given to getContextData() (test_get_form, test_get_context_data)', async () => {
    expect(dump(await get('/explicit/')).form!.cls).toBe('OtherForm');
    const invalid = dump(await post('/explicit/', { name: 'Me' }));
    expect(invalid.form!.cls).toBe('ContactForm');
    expect(invalid.form!.errors).toEqual({ message: ['This field is required.'] });
  });

  test('PUT binds the form as POST does; PATCH and DELETE are not allowed', async () => {
    const put = await request(env.app).put('/contact/').type('form').send({ name: 'Me', message: 'Hi' });
    // As in Django, request.POST is empty for a PUT: the form is bound, and invalid.
    expect(dump(put).form).toMatchObject({ bound: true, errors: { name: ['This field is required.'], message: ['This field is required.'] } });
    for (const method of ['patch', 'delete'] as const) {
      const res = await request(env.app)[method]('/contact/');
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, POST, PUT, HEAD, OPTIONS');
    }
    const options = await request(env.app).options('/contact/');
    expect(options.headers.allow).toBe('GET, POST, PUT, HEAD, OPTIONS');
  });

  test('HEAD answers as GET without a body', async () => {
    const res = await request(env.app).head('/contact/');
    expect(res.status).toBe(200);
    expect(res.text ?? '').toBe('');
  });

  test('no formClass is ImproperlyConfigured, naming the view', async () => {
    expect((await get('/no-form-class/')).status).toBe(500);
    expect(env.logger.lines.join('\n')).toContain('NoFormClass is missing a form class. Define NoFormClass.formClass, or override NoFormClass.getFormClass().');
  });

  test('no successUrl is ImproperlyConfigured', async () => {
    expect((await post('/no-success-url/', { name: 'Me', message: 'Hi' })).status).toBe(500);
    expect(env.logger.lines.join('\n')).toContain('No URL to redirect to. Provide a successUrl.');
  });

  test('an uploaded file reaches cleanedData; a spilled temporary file is removed after the response', async () => {
    const res = await request(env.app).post('/upload/').field('title', 'Notes').attach('attachment', Buffer.from('a file bigger than sixteen bytes'), 'notes.txt');
    expect(res.text).toBe('stored notes.txt (32 bytes)');
    expect(lastUpload!.text).toBe('a file bigger than sixteen bytes');
    expect(lastUpload!.tempPath).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(lastUpload!.tempPath!)).toBe(false);
  });

  test('a file posted without multipart encoding is "no file"', async () => {
    const d = dump(await post('/upload/', { title: 'Notes', attachment: 'notes.txt' }));
    expect(d.form!.errors).toEqual({ attachment: ['This field is required.'] });
  });
});
