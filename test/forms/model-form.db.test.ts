/**
 * modelForm(): fields from TypeORM columns and the entity's class-validator decorators, unique
 * checks before saving, save() — on a real database, and through CreateView over supertest.
 */
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import request from 'supertest';
import {
  BeforeInsert,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  VersionColumn,
  type DataSource,
} from 'typeorm';
import { CreateView, Field, Form, ModelForm, modelForm, path, QueryDict, Textarea, ValidationError } from '../../src';
import { databaseKind } from '../db/test-datasource';
import { dump, editingApp, type EditingApp } from '../views/edit-support';

enum Format {
  Hardcover = 'hardcover',
  Paperback = 'paperback',
}

@Entity('mf_book')
@Unique(['title', 'edition'])
class Book {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 120 }) title!: string;
  @Column('int', { default: 1 }) edition!: number;
  @Index({ unique: true }) @Column('varchar', { length: 13, nullable: true }) isbn!: string | null;
  @Column('text', { nullable: true }) summary!: string | null;
  @Column({ type: 'simple-enum', enum: Format, default: Format.Paperback }) format!: Format;
  @Column('boolean', { default: true }) inPrint!: boolean;
  @Column('date', { nullable: true }) published!: string | null;
  @Column('numeric', { precision: 7, scale: 2, nullable: true }) price!: string | null;
  @IsOptional() @Column('varchar', { length: 40, default: '' }) series!: string;
  @IsEmail({}, { message: 'The contact must be an email address.' }) @Column('varchar', { length: 200 }) contact!: string;
  @CreateDateColumn() created!: Date;
  @VersionColumn() version!: number;
}

@Entity('mf_tag')
class Tag {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 30, unique: true }) name!: string;
}

/** A new row's listener fills a column the form does not have. */
@Entity('mf_note')
class Note {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 60 }) title!: string;
  @Column('varchar', { length: 60 }) slug!: string;
  @CreateDateColumn() created!: Date;
  @VersionColumn() version!: number;

  @BeforeInsert() makeSlug() {
    this.slug = this.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  }
}

const BookForm = modelForm(Book, { fields: '__all__' });

class TagForm extends modelForm(Tag, { fields: ['name'] }) {}

/** A form that skips the check before saving, to reach the database's unique constraint. */
class RacyTagForm extends modelForm(Tag, { fields: ['name'] }) {
  protected override async postClean() {}
}

class TagCreate extends CreateView<Tag> {
  override model = Tag;
  override formClass = RacyTagForm;
  override successUrl = '/tags/{id}/';
  override templateName = 'editing/form.pug';
}

class NameForm extends Form {
  @IsString() name!: string;
}

class PlainFormCreate extends CreateView<Tag> {
  override model = Tag;
  override formClass = NameForm;
  override successUrl = '/tags/';
  override templateName = 'editing/form.pug';
}

const qd = (query: string) => new QueryDict(query);
const base = 'title=Dune&edition=1&format=hardcover&contact=ed%40example.com';

describe(`modelForm on ${databaseKind}`, () => {
  let env: EditingApp;
  let ds: DataSource;

  beforeAll(async () => {
    env = await editingApp([Book, Tag, Note], [path('tags/new/', TagCreate.asView()), path('tags/plain/', PlainFormCreate.asView())], { atomicRequests: true });
    ds = env.dataSource!;
  });
  afterAll(async () => {
    await ds.destroy();
  });
  beforeEach(async () => {
    await ds.getRepository(Book).clear();
    await ds.getRepository(Tag).clear();
  });

  describe('fields from the entity', () => {
    test("'__all__' takes the editable columns in order (no generated key, create date or version)", () => {
      expect(Object.keys(new BookForm().fields)).toEqual(['title', 'edition', 'isbn', 'summary', 'format', 'inPrint', 'published', 'price', 'series', 'contact']);
    });

    test('NOT NULL → required, nullable → optional, booleans never required', () => {
      const f = new BookForm().fields;
      expect([f.title.required, f.isbn.required, f.summary.required, f.inPrint.required, f.series.required]).toEqual([true, false, false, false, false]);
    });

    test('types, widgets, lengths, choices and defaults from the columns', () => {
      const html = new BookForm().asDiv().value;
      expect(html).toContain('<input type="text" name="title" maxlength="120" required id="id_title">');
      expect(html).toContain('<input type="number" name="edition" value="1" min="-2147483648" max="2147483647" required id="id_edition">');
      expect(html).toContain('<textarea name="summary" cols="40" rows="10" id="id_summary">');
      expect(html).toContain('<select name="format" required id="id_format">\n  <option value="hardcover">Hardcover</option>\n  <option value="paperback" selected>Paperback</option>\n</select>');
      expect(html).toContain('<input type="checkbox" name="inPrint" id="id_inPrint" checked>');
      expect(html).toContain('<input type="date" name="published" id="id_published">');
      expect(html).toContain('<input type="number" name="price" step="0.01" id="id_price">');
    });

    test('labels, helpTexts, widgets and errorMessages options; exclude', async () => {
      const Custom = modelForm(Book, {
        exclude: ['summary', 'price'],
        labels: { title: 'Book title' },
        helpTexts: { isbn: '13 digits' },
        widgets: { title: new Textarea({ rows: 2 }), series: 'hidden' },
        errorMessages: { title: { required: 'Every book has a title.' } },
      });
      const f = new Custom({ data: qd('edition=1&format=paperback&contact=a%40b.co') });
      expect(Object.keys(f.fields)).toEqual(['title', 'edition', 'isbn', 'format', 'inPrint', 'published', 'series', 'contact']);
      expect(await f.isValid()).toBe(false);
      expect(f.errors).toEqual({ title: ['Every book has a title.'] });
      const html = f.asDiv().value;
      expect(html).toContain('<label for="id_title">Book title:</label>');
      expect(html).toContain('<textarea name="title" cols="40" rows="2" maxlength="120" required aria-invalid="true" id="id_title">');
      expect(html).toContain('13 digits');
      expect(html).toContain('<input type="hidden" name="series" id="id_series">');
    });

    test("the entity's class-validator decorators run, with their own messages", async () => {
      const f = new BookForm({ data: qd(base.replace('ed%40example.com', 'nobody')) });
      expect(await f.isValid()).toBe(false);
      expect(f.errors).toEqual({ contact: ['The contact must be an email address.'] });
    });

    test('fields declared on the form override the entity’s; the column length still holds', async () => {
      class Strict extends modelForm(Book, { fields: ['title', 'contact'] }) {
        @Length(3, 500) title!: string;
        @Field({ label: 'Nickname' }) @IsOptional() @MaxLength(5) nickname!: string;
      }
      const f = new Strict({ data: qd(`title=${'x'.repeat(200)}&contact=a%40b.co&nickname=abc`) });
      expect(Object.keys(f.fields)).toEqual(['title', 'contact', 'nickname']);
      expect(await f.isValid()).toBe(false);
      expect(f.errors).toEqual({ title: ['Ensure this value has at most 120 characters (it has 200).'] });
      const short = new Strict({ data: qd('title=ab&contact=a%40b.co') });
      expect(await short.isValid()).toBe(false);
      expect(short.errors.title).toEqual(['Ensure this value has at least 3 characters (it has 2).']);
    });

    test("Django's ImproperlyConfigured messages for bad field lists", () => {
      expect(() => modelForm(Book, {})).toThrow("Creating a ModelForm without either the 'fields' attribute or the 'exclude' attribute is prohibited; form BookForm needs updating.");
      expect(() => modelForm(Book, { fields: ['created'] })).toThrow("'created' cannot be specified for Book model form as it is a non-editable field.");
      expect(() => new (modelForm(Book, { fields: ['title', 'nope' as 'title'] }))().fields).toThrow('Unknown field(s) (nope) specified for Book.');
      expect(() => modelForm(Book, { fields: 'title' as unknown as 'title'[] })).toThrow("BookForm.fields cannot be a string. Did you mean to type: fields: ['title']?");
    });
  });

  describe('saving', () => {
    test('save() creates a row with the typed values; defaults apply to what was left empty', async () => {
      const f = new BookForm({ data: qd(`${base}&published=1965-08-01&price=9.99&summary=`) });
      expect(await f.isValid()).toBe(true);
      const book = await f.save();
      const row = await ds.getRepository(Book).findOneByOrFail({ id: book.id });
      expect(row).toMatchObject({ title: 'Dune', edition: 1, format: 'hardcover', inPrint: false, published: '1965-08-01', summary: null, series: '', isbn: null });
      expect(Number(row.price)).toBe(9.99);
    });

    test('a new row runs its @BeforeInsert listener and gets its id, create date and version, on the row and the instance', async () => {
      const NoteForm = modelForm(Note, { fields: ['title'] });
      const first = await new NoteForm({ data: qd('title=Hello%20World') }).save();
      const second = await new NoteForm({ data: qd('title=Second%20note') }).save();
      expect(second.id).toBeGreaterThan(first.id);
      expect([first.slug, first.version, first.created instanceof Date]).toEqual(['hello-world', 1, true]);
      const row = await ds.getRepository(Note).findOneByOrFail({ id: first.id });
      expect(row).toMatchObject({ title: 'Hello World', slug: 'hello-world', version: 1 });
      expect(row.created).toBeInstanceOf(Date);
    });

    test('save({ commit: false }) returns the entity unsaved', async () => {
      const f = new BookForm({ data: qd(base) });
      const book = await f.save({ commit: false });
      expect(book).toBeInstanceOf(Book);
      expect(book.title).toBe('Dune');
      expect(await ds.getRepository(Book).count()).toBe(0);
    });

    test('an invalid form cannot be saved', async () => {
      await expect(new BookForm({ data: qd('title=') }).save()).rejects.toThrow("The Book could not be created because the data didn't validate.");
    });

    test('an instance: its values are the initial ones; save() changes only the form’s fields', async () => {
      const repo = ds.getRepository(Book);
      const book = await repo.save(repo.create({ title: 'Dune', edition: 1, contact: 'a@b.co', series: 'Dune Chronicles', isbn: '9780441013593' }));
      const TitleOnly = modelForm(Book, { fields: ['title'] });
      const unbound = new TitleOnly({ instance: book });
      expect(unbound.field('title').value()).toBe('Dune');
      const f = new TitleOnly({ data: qd('title=Dune%20Messiah&isbn=0&series=x'), instance: book });
      expect(f.changedData).toEqual(['title']);
      await f.save();
      expect(await repo.findOneByOrFail({ id: book.id })).toMatchObject({ title: 'Dune Messiah', isbn: '9780441013593', series: 'Dune Chronicles' });
    });
  });

  describe('unique values', () => {
    test('a unique column: "<Model> with this <Label> already exists."', async () => {
      await ds.getRepository(Tag).save({ name: 'sf' });
      const f = new TagForm({ data: qd('name=sf') });
      expect(await f.isValid()).toBe(false);
      expect(f.errors).toEqual({ name: ['Tag with this Name already exists.'] });
      expect(f.hasError('name', 'unique')).toBe(true);
    });

    test('a unique index, and unique together (non-field error)', async () => {
      await new BookForm({ data: qd(`${base}&isbn=9780441013593`) }).save();
      const sameIsbn = new BookForm({ data: qd(`${base.replace('Dune', 'Other')}&isbn=9780441013593`) });
      expect(await sameIsbn.isValid()).toBe(false);
      expect(sameIsbn.errors).toEqual({ isbn: ['Book with this Isbn already exists.'] });
      const sameTitleEdition = new BookForm({ data: qd(base) });
      expect(await sameTitleEdition.isValid()).toBe(false);
      expect(sameTitleEdition.errors).toEqual({ __all__: ['Book with this Title and Edition already exists.'] });
      const nextEdition = new BookForm({ data: qd(base.replace('edition=1', 'edition=2')) });
      expect(await nextEdition.isValid()).toBe(true);
    });

    test('editing a row does not clash with itself', async () => {
      const book = await new BookForm({ data: qd(`${base}&isbn=9780441013593`) }).save();
      const again = new BookForm({ data: qd(`${base}&isbn=9780441013593&summary=Spice`), instance: book });
      expect(await again.isValid()).toBe(true);
    });

    test('a clash found only by the database (a race) becomes a form error, not a 500', async () => {
      await ds.getRepository(Tag).save({ name: 'sf' });
      const f = new RacyTagForm({ data: qd('name=sf') });
      expect(await f.isValid()).toBe(true);
      await expect(f.save()).rejects.toBeInstanceOf(ValidationError);
      expect(f.errors).toEqual({ name: ['Tag with this Name already exists.'] });
      expect(await ds.getRepository(Tag).count()).toBe(1);
    });

    test('the same race through CreateView under atomicRequests: the form again, and the transaction still works', async () => {
      await ds.getRepository(Tag).save({ name: 'sf' });
      const clash = await request(env.app).post('/tags/new/').type('form').send({ name: 'sf' });
      expect(dump(clash).form!.errors).toEqual({ name: ['Tag with this Name already exists.'] });
      const next = await request(env.app).post('/tags/new/').type('form').send({ name: 'fantasy' });
      expect(next.status).toBe(302);
      expect((await ds.getRepository(Tag).find({ order: { id: 'ASC' } })).map((t) => t.name)).toEqual(['sf', 'fantasy']);
    });
  });

  test('a CreateView whose formClass is not a model form says how to fix it', async () => {
    env.logger.lines.length = 0;
    const res = await request(env.app).post('/tags/plain/').type('form').send({ name: 'x' });
    expect(res.status).toBe(500);
    expect(env.logger.lines.join('\n')).toContain('PlainFormCreate: the form NameForm cannot be saved: make it with modelForm(), or override formValid().');
  });

  test('ModelForm without a model says so', () => {
    expect(() => new ModelForm().fields).toThrow('ModelForm has no model: make it with modelForm(Entity, { fields }).');
  });
});
