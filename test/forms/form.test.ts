/**
 * Port of the binding, cleaning and error behaviours of Django's tests/forms_tests
 * (test_forms.py and the field tests) that apply to forms on class-validator.
 */
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { Field, Form, QueryDict, ValidationError, type FormOptions } from '../../src';

class Person extends Form {
  @IsString() firstName!: string;
  @IsString() lastName!: string;
  @Field({ type: 'date' }) birthday!: Date;
}

class OptionalPerson extends Form {
  @IsString() firstName!: string;
  @IsOptional() @IsString() lastName!: string;
  @IsOptional() @IsInt() age!: number;
}

const qd = (query: string) => new QueryDict(query);

describe('binding and cleaning (forms_tests.test_forms)', () => {
  test('a bound form with valid data: no errors, typed cleanedData (test_form)', async () => {
    const p = new Person({ data: { firstName: 'John', lastName: 'Lennon', birthday: '1940-10-9'.replace('-9', '-09') } });
    expect(p.isBound).toBe(true);
    expect(await p.isValid()).toBe(true);
    expect(p.errors).toEqual({});
    expect(p.cleanedData.firstName).toBe('John');
    expect(p.cleanedData.birthday).toBeInstanceOf(Date);
    expect(p.cleanedData.birthday.getFullYear()).toBe(1940);
  });

  test('an empty post: every required field says so (test_empty_dict)', async () => {
    const p = new Person({ data: {} });
    expect(await p.isValid()).toBe(false);
    expect(p.errors).toEqual({ firstName: ['This field is required.'], lastName: ['This field is required.'], birthday: ['This field is required.'] });
    expect(p.cleanedData).toEqual({});
  });

  test('an unbound form is not valid and has no errors (test_unbound_form)', async () => {
    const p = new Person();
    expect(p.isBound).toBe(false);
    expect(await p.isValid()).toBe(false);
    expect(p.errors).toEqual({});
    expect(p.cleanedData).toEqual({});
  });

  test('errors of a bound form are read after validation', () => {
    expect(() => new Person({ data: {} }).errors).toThrow('await form.isValid()');
  });

  test('only declared fields reach cleanedData (test_cleaned_data_only_fields)', async () => {
    const p = new Person({ data: qd('firstName=John&lastName=Lennon&birthday=1940-10-09&extra1=hello&isAdmin=1') });
    expect(await p.isValid()).toBe(true);
    expect(Object.keys(p.cleanedData).sort()).toEqual(['birthday', 'firstName', 'lastName']);
  });

  test('empty optional fields are null in cleanedData (test_optional_data)', async () => {
    const p = new OptionalPerson({ data: qd('firstName=John&lastName=&age=') });
    expect(await p.isValid()).toBe(true);
    expect(p.cleanedData).toEqual({ firstName: 'John', lastName: null, age: null });
  });

  test('text is stripped; whitespace only is empty', async () => {
    const p = new Person({ data: qd('firstName=%20John%20&lastName=%20%20&birthday=1940-10-09') });
    expect(await p.isValid()).toBe(false);
    expect(p.errors).toEqual({ lastName: ['This field is required.'] });
    expect(p.cleanedData.firstName).toBe('John');
  });

  test('strip: false keeps the spaces', async () => {
    class Password extends Form {
      @Field({ strip: false, widget: 'password' }) @IsString() password!: string;
    }
    const f = new Password({ data: qd('password=%20secret%20') });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData.password).toBe(' secret ');
  });

  test('the prefix namespaces the data keys (test_forms_with_prefixes)', async () => {
    const data = qd('person1-firstName=John&person1-lastName=Lennon&person1-birthday=1940-10-09&person2-firstName=Jim&person2-lastName=Morrison&person2-birthday=1943-12-08');
    const p1 = new Person({ data, prefix: 'person1' });
    const p2 = new Person({ data, prefix: 'person2' });
    expect(await p1.isValid()).toBe(true);
    expect(await p2.isValid()).toBe(true);
    expect(p1.cleanedData.firstName).toBe('John');
    expect(p2.cleanedData.lastName).toBe('Morrison');
    expect(p1.field('firstName').htmlName).toBe('person1-firstName');
    expect(p1.field('firstName').autoId).toBe('id_person1-firstName');
  });

  test('a class-level prefix', async () => {
    class Prefixed extends Person {
      static override prefix = 'foo';
    }
    const f = new Prefixed({ data: qd('foo-firstName=A&foo-lastName=B&foo-birthday=2000-01-01') });
    expect(await f.isValid()).toBe(true);
  });

  test('a bound form ignores initial; an unbound one shows it (test_initial_data)', async () => {
    const unbound = new OptionalPerson({ initial: { firstName: 'Django' } });
    expect(unbound.field('firstName').value()).toBe('Django');
    const bound = new OptionalPerson({ data: qd('lastName=x'), initial: { firstName: 'Django' } });
    expect(await bound.isValid()).toBe(false);
    expect(bound.errors.firstName).toEqual(['This field is required.']);
  });

  test('callable and class-field initial values (test_callable_initial_data)', () => {
    class Defaults extends Form {
      @IsString() title = 'Untitled';
      @Field({ initial: () => 42 }) @IsInt() count!: number;
    }
    const f = new Defaults();
    expect(f.field('title').value()).toBe('Untitled');
    expect(f.field('count').value()).toBe(42);
    expect(new Defaults({ initial: { title: 'Given' } }).field('title').value()).toBe('Given');
  });

  test('the initial dict of a form is its own copy (FormMixinTests.test_initial_data)', () => {
    const initial = { firstName: 'A' };
    const f = new OptionalPerson({ initial });
    f.initial.firstName = 'B';
    expect(initial.firstName).toBe('A');
  });

  test('per-instance field changes do not leak to other forms (test_fields_are_deep_copied)', async () => {
    const a = new OptionalPerson({ data: qd('') });
    a.fields.firstName.required = false;
    expect(await a.isValid()).toBe(true);
    const b = new OptionalPerson({ data: qd('') });
    expect(await b.isValid()).toBe(false);
  });

  test('disabled fields take the initial value, whatever is posted (test_disabled)', async () => {
    class Account extends Form {
      @Field({ disabled: true }) @IsString() username!: string;
      @IsString() name!: string;
    }
    const f = new Account({ data: qd('username=hacker&name=Ada'), initial: { username: 'ada' } });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData).toEqual({ username: 'ada', name: 'Ada' });
    expect(f.changedData).toEqual(['name']);
  });
});

describe('clean(), clean<Field>() and addError()', () => {
  class Passwords extends Form {
    @IsString() username!: string;
    @Field({ widget: 'password' }) @IsString() password1!: string;
    @Field({ widget: 'password' }) @IsString() password2!: string;

    cleanUsername() {
      const name = this.cleanedData.username as string;
      if (name === 'root') throw new ValidationError('That name is reserved.', { code: 'reserved' });
      return name.toLowerCase();
    }

    override clean() {
      const { password1, password2 } = this.cleanedData;
      if (password1 && password2 && password1 !== password2) throw new ValidationError('Please make sure your passwords match.');
    }
  }

  test('clean() errors are non-field errors (test_validating_multiple_fields)', async () => {
    const f = new Passwords({ data: qd('username=Adrian&password1=foo&password2=bar') });
    expect(await f.isValid()).toBe(false);
    expect(f.nonFieldErrors).toEqual(['Please make sure your passwords match.']);
    expect(f.errors).toEqual({ __all__: ['Please make sure your passwords match.'] });
    expect(f.cleanedData.username).toBe('adrian');
  });

  test('a clean<Field>() hook changes the value or rejects it', async () => {
    const f = new Passwords({ data: qd('username=root&password1=foo&password2=foo') });
    expect(await f.isValid()).toBe(false);
    expect(f.errors).toEqual({ username: ['That name is reserved.'] });
    expect(f.hasError('username', 'reserved')).toBe(true);
    expect(f.cleanedData).not.toHaveProperty('username');
  });

  test('addError() per field and with an object drops the fields from cleanedData (test_update_error_dict)', async () => {
    class Booking extends Form {
      @Field({ type: 'date' }) start!: Date;
      @Field({ type: 'date' }) end!: Date;
      override clean() {
        if (this.cleanedData.end < this.cleanedData.start) {
          this.addError('end', 'Must be after the start.');
          throw new ValidationError({ start: 'Check the start.', __all__: 'The dates are in the wrong order.' });
        }
      }
    }
    const f = new Booking({ data: qd('start=2024-05-02&end=2024-05-01') });
    expect(await f.isValid()).toBe(false);
    expect(f.errors).toEqual({ end: ['Must be after the start.'], start: ['Check the start.'], __all__: ['The dates are in the wrong order.'] });
    expect(f.cleanedData).toEqual({});
  });

  test('addError() on an unknown field is an error naming it', async () => {
    class Bad extends Form {
      @IsString() a!: string;
      override clean() {
        this.addError('nope', 'x');
      }
    }
    await expect(new Bad({ data: qd('a=1') }).isValid()).rejects.toThrow("'Bad' has no field named 'nope'.");
  });

  test('clean() may return a new cleanedData', async () => {
    class Normalised extends Form {
      @IsString() name!: string;
      override clean() {
        return { name: String(this.cleanedData.name).toUpperCase(), extra: true };
      }
    }
    const f = new Normalised({ data: qd('name=ada') });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData).toEqual({ name: 'ADA', extra: true });
  });

  test('an exception other than ValidationError is not swallowed', async () => {
    class Broken extends Form {
      @IsString() a!: string;
      override clean() {
        throw new TypeError('bug');
      }
    }
    await expect(new Broken({ data: qd('a=1') }).isValid()).rejects.toThrow('bug');
  });
});

describe('hasChanged() and emptyPermitted', () => {
  class Profile extends Form {
    @IsString() name!: string;
    @IsOptional() @IsInt() age!: number;
    @IsBoolean() active!: boolean;
    @Field({ type: 'date', required: false }) since!: Date | null;
  }

  test('changedData compares converted values with the initial ones (test_changed_data)', () => {
    const initial = { name: 'Ada', age: 36, active: true, since: new Date(2020, 0, 2) };
    expect(new Profile({ data: qd('name=Ada&age=36&active=on&since=2020-01-02'), initial }).changedData).toEqual([]);
    expect(new Profile({ data: qd('name=Ada&age=036&since=2020-01-02'), initial }).changedData).toEqual(['active']);
    expect(new Profile({ data: qd('name=Grace&age=x&active=on&since=2020-01-02'), initial }).changedData).toEqual(['name', 'age']);
    expect(new Profile({ data: qd('name=Ada&age=36&active=on&since=2020-01-02'), initial }).hasChanged()).toBe(false);
    expect(new Profile({ initial }).hasChanged()).toBe(false);
  });

  test('an unchanged form with emptyPermitted is valid and empty (test_empty_permitted)', async () => {
    const f = new Profile({ data: qd(''), emptyPermitted: true });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData).toEqual({});
    const changed = new Profile({ data: qd('age=3'), emptyPermitted: true });
    expect(await changed.isValid()).toBe(false);
    expect(changed.errors).toEqual({ name: ['This field is required.'] });
  });
});

describe('declaring fields', () => {
  test('a field named after the Form API is refused, naming it', () => {
    class Clash extends Form {
      // @ts-expect-error TypeScript sees the clash too; the check is for JavaScript users and `any`.
      @IsString() errors!: string;
    }
    expect(() => new Clash().fields).toThrow("Clash.errors: 'errors' is a name of the Form API and cannot be a field. Rename the property.");
  });

  test('@ValidateNested without a type says how to give one', () => {
    class Nested extends Form {
      @ValidateNested() item!: object;
    }
    expect(() => new Nested().fields).toThrow('@ValidateNested() needs the nested class');
  });

  test('a constructor may change this.fields, as Django forms do in __init__ (dynamic choices)', async () => {
    class Dynamic extends Form {
      @IsString() title = 'Untitled';
      @Field({ choices: [] }) colour!: string;
      constructor(options: FormOptions = {}, colours: string[] = []) {
        super(options);
        this.fields.colour.choices = colours.map((c) => [c, c.toUpperCase()] as const);
      }
    }
    const unbound = new Dynamic({}, ['red', 'blue']);
    expect(unbound.field('title').value()).toBe('Untitled');
    expect(unbound.field('colour').asWidget().value).toContain('<option value="blue">BLUE</option>');
    const bad = new Dynamic({ data: qd('title=x&colour=green') }, ['red', 'blue']);
    expect(await bad.isValid()).toBe(false);
    expect(bad.errors).toEqual({ colour: ['Select a valid choice. green is not one of the available choices.'] });
    const good = new Dynamic({ data: qd('title=x&colour=red') }, ['red', 'blue']);
    expect(await good.isValid()).toBe(true);
  });

  test('fields are inherited and keep declaration order; labels come from the names', () => {
    class Base extends Form {
      @IsString() firstName!: string;
    }
    class Child extends Base {
      @IsString() last_name!: string;
      @Field({ label: 'E-mail address' }) @IsEmail() email!: string;
    }
    const f = new Child();
    expect(Object.keys(f.fields)).toEqual(['firstName', 'last_name', 'email']);
    expect(f.boundFields().map((b) => b.label)).toEqual(['First name', 'Last name', 'E-mail address']);
  });
});
