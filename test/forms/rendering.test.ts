/**
 * How forms are drawn (Django's as_p/as_div, BoundField, widgets), seen through FormView pages
 * and the shipped Pug mixins, over supertest.
 */
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import request from 'supertest';
import { Field, Form, FormView, path, UploadedFile, type FormClass } from '../../src';
import { editingApp, type EditingApp } from '../views/edit-support';

class Person extends Form {
  @IsString() @MaxLength(30) firstName!: string;
  @IsString() lastName!: string;
  @Field({ type: 'date' }) birthday!: Date;
}

class Everything extends Form {
  static override errorCssClass = 'error';
  static override requiredCssClass = 'required';
  @IsEmail() email!: string;
  @IsInt() @Min(1) @Max(10) stars!: number;
  @Field({ type: 'number', decimalPlaces: 2 }) price!: number;
  @Field({ type: 'datetime' }) startsAt!: Date;
  @IsBoolean() subscribe!: boolean;
  @IsIn(['red', 'green']) colour!: string;
  @IsOptional() @IsIn(['a', 'b', 'c'], { each: true }) tags!: string[];
  @IsOptional() @IsString() @MaxLength(2000) bio!: string;
  @Field({ widget: 'password' }) @IsString() password!: string;
  @Field({ widget: 'hidden' }) @IsString() token!: string;
  @Field({ helpText: 'Shown <b>publicly</b>.', label: 'Nick <name>' }) @IsOptional() @IsString() nick!: string;
}

class Upload extends Form {
  @IsString() title!: string;
  @Field({ type: UploadedFile, maxSize: 1000, contentTypes: ['text/plain'] }) attachment!: UploadedFile;
}

const page = (formClass: FormClass, templateName: string, extra: Record<string, unknown> = {}) =>
  FormView.asView({ formClass, templateName, successUrl: '/done/', ...extra });

const urls = [
  path('person/p/', page(Person, 'editing/as_p.pug')),
  path('person/div/', page(Person, 'editing/as_div.pug')),
  path('person/initial/', page(Person, 'editing/as_div.pug', { initial: { firstName: 'John', birthday: new Date(1940, 9, 9) }, prefix: 'p1' })),
  path('everything/', page(Everything, 'editing/as_div.pug')),
  path('everything/fields/', page(Everything, 'editing/fields.pug')),
  path('everything/page/', page(Everything, 'editing/page.pug')),
  path('upload/', page(Upload, 'editing/page.pug')),
];

describe('rendering forms', () => {
  let env: EditingApp;
  const get = (url: string) => request(env.app).get(url);
  const post = (url: string, data: Record<string, string> | string) => request(env.app).post(url).type('form').send(data);

  beforeAll(async () => {
    env = await editingApp([], urls);
  });

  test('asP() of an unbound form (test_form as_p)', async () => {
    const res = await get('/person/p/');
    expect(res.text.trim()).toBe(
      [
        '<p><label for="id_firstName">First name:</label> <input type="text" name="firstName" maxlength="30" required id="id_firstName"></p>',
        '<p><label for="id_lastName">Last name:</label> <input type="text" name="lastName" required id="id_lastName"></p>',
        '<p><label for="id_birthday">Birthday:</label> <input type="date" name="birthday" required id="id_birthday"></p>',
      ].join('\n'),
    );
  });

  test('asDiv() of an invalid post: errors, aria-invalid, the posted values escaped', async () => {
    const res = await post('/person/div/', { firstName: '<script>alert("xss-attack")</script>', lastName: '', birthday: '2001-02-30' });
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      '<div><label for="id_firstName">First name:</label><ul class="errorlist" id="id_firstName_error"><li>Ensure this value has at most 30 characters (it has 36).</li></ul><input type="text" name="firstName" value="&lt;script&gt;alert(&quot;xss-attack&quot;)&lt;/script&gt;" maxlength="30" required aria-invalid="true" id="id_firstName"></div>',
    );
    expect(res.text).toContain('<ul class="errorlist" id="id_lastName_error"><li>This field is required.</li></ul>');
    expect(res.text).toContain('<input type="date" name="birthday" value="2001-02-30" required aria-invalid="true" id="id_birthday">');
    expect(res.text).not.toContain('<script>');
  });

  test('initial values and a prefix', async () => {
    const res = await get('/person/initial/');
    expect(res.text).toContain('<label for="id_p1-firstName">First name:</label><input type="text" name="p1-firstName" value="John" maxlength="30" required id="id_p1-firstName">');
    expect(res.text).toContain('<input type="date" name="p1-birthday" value="1940-10-09" required id="id_p1-birthday">');
    const valid = await post('/person/initial/', { 'p1-firstName': 'John', 'p1-lastName': 'Lennon', 'p1-birthday': '1940-10-09' });
    expect(valid.status).toBe(302);
  });

  test('widgets chosen from types and validators', async () => {
    const html = (await get('/everything/')).text;
    expect(html).toContain('<input type="email" name="email" required id="id_email">');
    expect(html).toContain('<input type="number" name="stars" min="1" max="10" required id="id_stars">');
    expect(html).toContain('<input type="number" name="price" step="0.01" required id="id_price">');
    expect(html).toContain('<input type="datetime-local" name="startsAt" required id="id_startsAt">');
    expect(html).toContain('<input type="checkbox" name="subscribe" id="id_subscribe">');
    expect(html).toContain('<select name="colour" required id="id_colour">\n  <option value="red">red</option>\n  <option value="green">green</option>\n</select>');
    expect(html).toContain('<select name="tags" id="id_tags" multiple>');
    expect(html).toContain('<textarea name="bio" cols="40" rows="10" maxlength="2000" id="id_bio">\n</textarea>');
    expect(html).toContain('<input type="password" name="password" required id="id_password">');
    expect(html).toContain('<input type="hidden" name="token" id="id_token">');
  });

  test('labels are escaped, help text is described by aria-describedby, required/error CSS classes', async () => {
    const html = (await post('/everything/', { email: 'x' })).text;
    expect(html).toContain('<label for="id_nick">Nick &lt;name&gt;:</label>');
    expect(html).toContain('<div class="helptext" id="id_nick_helptext">Shown &lt;b&gt;publicly&lt;/b&gt;.</div>');
    expect(html).toContain('aria-describedby="id_nick_helptext"');
    expect(html).toContain('<div class="error required"><label for="id_email">Email:</label>');
    expect(html).toContain('<div><label for="id_nick">');
  });

  test('a bound form shows its values again, but never the password; choices stay selected', async () => {
    const html = (
      await post('/everything/', 'email=a%40b.co&stars=11&price=1.5&startsAt=2024-01-02T03:04&subscribe=on&colour=green&tags=a&tags=c&bio=%3Cb%3Ehi&password=secret&token=t')
    ).text;
    expect(html).toContain('<input type="checkbox" name="subscribe" id="id_subscribe" checked>');
    expect(html).toContain('<option value="green" selected>green</option>');
    expect(html).toContain('<option value="a" selected>a</option>\n  <option value="b">b</option>\n  <option value="c" selected>c</option>');
    expect(html).toContain('<textarea name="bio" cols="40" rows="10" maxlength="2000" id="id_bio">\n&lt;b&gt;hi</textarea>');
    expect(html).toContain('<input type="password" name="password" required id="id_password">');
    expect(html).toContain('value="2024-01-02T03:04"');
    expect(html).toContain('Ensure this value is less than or equal to 10.');
  });

  test('errors of hidden fields are shown at the top, naming the field', async () => {
    const html = (await post('/everything/', 'email=a%40b.co&stars=1&price=1&startsAt=2024-01-02T03:04&colour=red&password=p')).text;
    expect(html).toContain('<ul class="errorlist nonfield"><li>(Hidden field token) This field is required.</li></ul>');
  });

  test('BoundField API in a hand-written template (label, widget attrs, errors)', async () => {
    const html = (await post('/everything/fields/', { email: 'nope' })).text;
    expect(html).toContain('<div class="row error required"><label for="id_email">Email:</label><input type="email" name="email" value="nope" required aria-invalid="true" id="id_email" class="input"><p class="error">Enter a valid email address.</p></div>');
  });

  test('the shipped Pug mixins draw a whole page', async () => {
    const html = (await post('/everything/page/', { email: 'nope', stars: '3' })).text;
    expect(html).toContain('<form method="post">');
    expect(html).toContain('<input type="hidden" name="token" id="id_token">');
    expect(html).toContain('<div class="error required"><label for="id_email">Email:</label><ul class="errorlist"><li>Enter a valid email address.</li></ul><input type="email" name="email" value="nope" required aria-invalid="true" id="id_email"></div>');
    expect(html).toContain('<ul class="errorlist nonfield"><li>(Hidden field token) This field is required.</li></ul>');
    expect(html).toContain('<div class="helptext" id="id_nick_helptext">Shown &lt;b&gt;publicly&lt;/b&gt;.</div>');
  });

  test('a form with a file field is multipart', async () => {
    const html = (await get('/upload/')).text;
    expect(html).toContain('<form method="post" enctype="multipart/form-data">');
    expect(html).toContain('<input type="file" name="attachment" accept="text/plain" required id="id_attachment">');
  });

  test('uploaded files through FILES: accepted, too big, wrong type, missing, empty', async () => {
    const send = (content: Buffer | null, type = 'text/plain', name = 'a.txt') => {
      const req = request(env.app).post('/upload/').field('title', 'Notes');
      return content ? req.attach('attachment', content, { filename: name, contentType: type }) : req;
    };
    expect((await send(Buffer.from('hello'))).status).toBe(302);
    expect((await send(Buffer.alloc(2000, 'x'))).text).toContain('Ensure this file is at most 1000 bytes (it has 2000).');
    expect((await send(Buffer.from('<svg/>'), 'image/svg+xml', 'a.svg')).text).toContain('Files of type image/svg+xml are not allowed.');
    expect((await send(null)).text).toContain('<ul class="errorlist"><li>This field is required.</li></ul><input type="file"');
    expect((await send(Buffer.alloc(0))).text).toContain('The submitted file is empty.');
  });
});

describe('Form rendering API', () => {
  test('autoId off: no ids, labels without for', () => {
    const html = new Person({ autoId: false }).asP().value;
    expect(html).toContain('<p><label>First name:</label> <input type="text" name="firstName" maxlength="30" required></p>');
  });

  test('a custom autoId pattern and label suffix', () => {
    const f = new Person({ autoId: '%s_id', labelSuffix: ' →' });
    expect(f.field('firstName').labelTag().value).toBe('<label for="firstName_id">First name →</label>');
    expect(f.field('firstName').asWidget().value).toContain('id="firstName_id"');
  });

  test('useRequiredAttribute false leaves out required', () => {
    expect(new Person({ useRequiredAttribute: false }).asDiv().value).not.toContain('required');
  });

  test('asUl() and asTable()', () => {
    const f = new Person();
    expect(f.asUl().value).toContain('<li><label for="id_firstName">First name:</label> <input');
    expect(f.asTable().value).toContain('<tr><th><label for="id_firstName">First name:</label></th><td><input');
  });

  test('a disabled field is drawn disabled and not required', () => {
    class Account extends Form {
      @Field({ disabled: true }) @IsString() username!: string;
    }
    expect(new Account({ initial: { username: 'ada' } }).asDiv().value).toContain('<input type="text" name="username" value="ada" disabled id="id_username">');
  });

  test('field() with an unknown name lists the fields', () => {
    expect(() => new Person().field('nope')).toThrow("Key 'nope' not found in Person. Choices are: firstName, lastName, birthday.");
  });

  test('toString() is the div rendering', () => {
    const f = new Person();
    expect(String(f)).toBe(f.asDiv().value);
  });
});
