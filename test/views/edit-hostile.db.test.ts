/**
 * Hostile posts against the editing views: undeclared fields, prototype keys, arrays where
 * one value is expected, huge values, invalid dates, numbers out of range, duplicate unique
 * values. Each must end in a re-rendered form or a 4xx, with the rows unchanged — never a 500.
 */
import { IsEmail, IsOptional, Min } from 'class-validator';
import request from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn, type DataSource } from 'typeorm';
import { CreateView, UpdateView, path, type FormKwargs } from '../../src';
import { databaseKind } from '../db/test-datasource';
import { dump, editingApp, type EditingApp } from './edit-support';

enum Plan {
  Free = 'free',
  Pro = 'pro',
}

@Entity('hostile_member')
class Member {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 50, unique: true }) username!: string;
  @IsEmail() @Column('varchar', { length: 200 }) email!: string;
  @Min(0) @Column('int') age!: number;
  @Column('date', { nullable: true }) birthday!: string | null;
  @Column('boolean', { default: false }) isAdmin!: boolean;
  @Column('numeric', { precision: 6, scale: 2, nullable: true }) balance!: string | null;
  @Column({ type: 'simple-enum', enum: Plan, default: Plan.Free }) plan!: Plan;
  @IsOptional() @Column('text', { default: '' }) bio!: string;
  @Column('uuid', { nullable: true }) token!: string | null;
}

const FIELDS = ['username', 'email', 'age', 'birthday', 'balance', 'plan', 'bio', 'token'] as const;

class MemberCreate extends CreateView<Member> {
  override model = Member;
  override fields = [...FIELDS];
  override successUrl = '/members/{id}/';
  override templateName = 'editing/form.pug';
}

/** The same view taking a JSON body as the form data. */
class MemberApiCreate extends MemberCreate {
  override async getFormKwargs(): Promise<FormKwargs> {
    const kwargs = await super.getFormKwargs();
    return this.request.contentType === 'application/json' ? { ...kwargs, data: this.request.json() } : kwargs;
  }
}

class MemberUpdate extends UpdateView<Member> {
  override model = Member;
  override fields = [...FIELDS];
  override successUrl = '/members/{id}/';
  override templateName = 'editing/form.pug';
}

const urls = [
  path('members/new/', MemberCreate.asView()),
  path('api/members/new/', MemberApiCreate.asView()),
  path('members/<int:pk>/edit/', MemberUpdate.asView()),
];

const valid = { username: 'ada', email: 'ada@example.com', age: '36', birthday: '1815-12-10', balance: '12.50', plan: 'pro', bio: 'Poet of science', token: '' };

describe(`hostile posts to editing views on ${databaseKind}`, () => {
  let env: EditingApp;
  let ds: DataSource;
  const post = (url: string, data: string | object) => request(env.app).post(url).type('form').send(data);
  const rows = () => ds.getRepository(Member).find({ order: { id: 'ASC' } });
  const saveMember = (o: Partial<Member> = {}) =>
    ds.getRepository(Member).save(ds.getRepository(Member).create({ username: 'ada', email: 'ada@example.com', age: 36, birthday: null, balance: null, plan: Plan.Pro, bio: '', token: null, ...o }));
  const invalid = async (data: Record<string, string>, field: string, message: string) => {
    const res = await post('/members/new/', { ...valid, ...data });
    const d = dump(res);
    expect(d.form!.errors![field]).toEqual([message]);
    expect(await rows()).toHaveLength(0);
    return d;
  };

  beforeAll(async () => {
    env = await editingApp([Member], urls);
    ds = env.dataSource!;
  });
  afterAll(async () => {
    await ds.destroy();
  });
  beforeEach(async () => {
    await ds.getRepository(Member).clear();
  });
  afterEach(() => {
    expect(env.logger.lines.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  });

  test('a valid post saves typed values', async () => {
    const res = await post('/members/new/', valid);
    expect(res.status).toBe(302);
    const [m] = await rows();
    expect(res.headers.location).toBe(`/members/${m.id}/`);
    expect(m).toMatchObject({ username: 'ada', age: 36, birthday: '1815-12-10', isAdmin: false, plan: 'pro', bio: 'Poet of science', token: null });
    expect(Number(m.balance)).toBe(12.5);
  });

  test('an undeclared field (isAdmin=1) never reaches the entity', async () => {
    await post('/members/new/', { ...valid, isAdmin: '1', id: '999' });
    const [m] = await rows();
    expect(m.isAdmin).toBe(false);
    expect(m.id).not.toBe(999);
  });

  test('__proto__ and constructor keys pollute nothing and are ignored', async () => {
    const body = new URLSearchParams({ ...valid });
    body.append('__proto__', 'x');
    body.append('__proto__[isAdmin]', '1');
    body.append('constructor[prototype][isAdmin]', '1');
    body.append('__proto__.isAdmin', '1');
    const res = await post('/members/new/', body.toString());
    expect(res.status).toBe(302);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect((await rows())[0].isAdmin).toBe(false);
  });

  test('a JSON body with __proto__ is refused with a 400', async () => {
    const res = await request(env.app).post('/api/members/new/').set('Content-Type', 'application/json').send('{"username":"x","__proto__":{"isAdmin":true}}');
    expect(res.status).toBe(400);
    expect(await rows()).toHaveLength(0);
  });

  test('a JSON body: typed values are accepted, undeclared keys dropped', async () => {
    const res = await request(env.app).post('/api/members/new/').send({ ...valid, age: 36, isAdmin: true });
    expect(res.status).toBe(302);
    expect((await rows())[0]).toMatchObject({ age: 36, isAdmin: false });
  });

  test('a JSON body: a list or an object where one value is expected is a form error', async () => {
    const res = await request(env.app).post('/api/members/new/').send({ ...valid, username: ['a', 'b'], email: { $ne: '' } });
    const d = dump(res);
    expect(d.form!.errors).toEqual({ username: ['Enter a single value.'], email: ['Enter a valid value.'] });
    expect(await rows()).toHaveLength(0);
  });

  test('a repeated key where one value is expected takes the last one, as Django does', async () => {
    const res = await post('/members/new/', 'username=first&username=second&email=a%40b.co&age=3&plan=free');
    expect(res.status).toBe(302);
    expect((await rows())[0].username).toBe('second');
  });

  test('a 10 MB value is refused with a 413 before any form runs', async () => {
    const res = await post('/members/new/', { ...valid, bio: 'x'.repeat(10 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(await rows()).toHaveLength(0);
  });

  test('a long value over the column length is a form error', async () => {
    await invalid({ username: 'u'.repeat(100_000) }, 'username', 'Ensure this value has at most 50 characters (it has 100000).');
  });

  test('characters are counted as Python does (code points)', async () => {
    expect((await post('/members/new/', { ...valid, username: '😀'.repeat(50) })).status).toBe(302);
  });

  test.each([
    ['2023-02-30'],
    ['2023-13-01'],
    ['2024-00-10'],
    ['yesterday'],
    ['99999-01-01'],
    ['2023-1-1'],
  ])('the invalid date %s is a form error', async (birthday) => {
    await invalid({ birthday }, 'birthday', 'Enter a valid date.');
  });

  test('a leap day is a valid date', async () => {
    expect((await post('/members/new/', { ...valid, birthday: '2024-02-29' })).status).toBe(302);
  });

  test.each([
    ['99999999999', 'Ensure this value is less than or equal to 2147483647.'],
    ['-99999999999', 'Ensure this value is greater than or equal to -2147483648.'],
    ['1e400', 'Enter a whole number.'],
    ['Infinity', 'Enter a whole number.'],
    ['NaN', 'Enter a whole number.'],
    ['0x10', 'Enter a whole number.'],
    ['1.5', 'Enter a whole number.'],
    ['-1', 'Ensure this value is greater than or equal to 0.'],
  ])('the number %s for an int column is a form error', async (age, message) => {
    await invalid({ age }, 'age', message);
  });

  test.each([
    ['12.345', 'Ensure that there are no more than 2 decimal places.'],
    ['99999.99', 'Ensure that there are no more than 4 digits before the decimal point.'],
    ['1e300', 'Ensure that there are no more than 4 digits before the decimal point.'],
  ])('the number %s for numeric(6,2) is a form error', async (balance, message) => {
    await invalid({ balance }, 'balance', message);
  });

  test('a value outside the enum is a form error', async () => {
    await invalid({ plan: 'enterprise' }, 'plan', 'Select a valid choice. enterprise is not one of the available choices.');
  });

  test('NUL characters are a form error (PostgreSQL would refuse them)', async () => {
    await invalid({ username: 'ad\0a' }, 'username', 'Null characters are not allowed.');
  });

  test('a malformed UUID is a form error (PostgreSQL would refuse it)', async () => {
    await invalid({ token: 'not-a-uuid' }, 'token', 'Enter a valid UUID.');
  });

  test('an invalid email is a form error from the entity decorator', async () => {
    await invalid({ email: 'ada@' }, 'email', 'Enter a valid email address.');
  });

  test('a duplicate unique value is a form error found before saving', async () => {
    await saveMember();
    const d = dump(await post('/members/new/', { ...valid }));
    expect(d.form!.errors).toEqual({ username: ['Member with this Username already exists.'] });
    expect(await rows()).toHaveLength(1);
  });

  test('concurrent posts of the same unique value: one row, the others get the form again', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => post('/members/new/', valid)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 302).every((s) => s === 200)).toBe(true);
    for (const res of responses.filter((r) => r.status === 200)) {
      expect(dump(res).form!.errors!.username).toEqual(['Member with this Username already exists.']);
    }
    expect(await rows()).toHaveLength(1);
  });

  test('updating keeps its own unique value, and refuses another row’s', async () => {
    const repo = ds.getRepository(Member);
    const ada = await saveMember();
    await saveMember({ username: 'grace', age: 85 });
    expect((await post(`/members/${ada.id}/edit/`, { ...valid, age: '37' })).status).toBe(302);
    const d = dump(await post(`/members/${ada.id}/edit/`, { ...valid, username: 'grace' }));
    expect(d.form!.errors).toEqual({ username: ['Member with this Username already exists.'] });
    expect((await repo.findOneByOrFail({ id: ada.id })).username).toBe('ada');
  });

  test('a posted primary key or undeclared column does not move the update to another row', async () => {
    const repo = ds.getRepository(Member);
    const ada = await saveMember();
    const res = await post(`/members/${ada.id}/edit/`, { ...valid, id: String(ada.id + 7), isAdmin: 'on', bio: 'Changed' });
    expect(res.status).toBe(302);
    expect(await repo.find()).toEqual([expect.objectContaining({ id: ada.id, bio: 'Changed', isAdmin: false })]);
  });

  test('script in a value is shown back escaped', async () => {
    const d = dump(await post('/members/new/', { ...valid, username: '<script>alert(1)</script>', age: 'x' }));
    expect(d.form!.html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(d.form!.html).not.toContain('<script>');
  });

  test('more fields than dataUploadMaxNumberFields is a 400', async () => {
    const body = Array.from({ length: 1200 }, (_, i) => `f${i}=1`).join('&');
    const res = await post('/members/new/', body);
    expect(res.status).toBe(400);
    expect(await rows()).toHaveLength(0);
  });

  test('a malformed multipart body is a 400', async () => {
    const res = await request(env.app).post('/members/new/').set('Content-Type', 'multipart/form-data; boundary=zzz').send('--zzz\r\nbroken');
    expect(res.status).toBe(400);
    expect(await rows()).toHaveLength(0);
  });
});
