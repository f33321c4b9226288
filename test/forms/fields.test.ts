/**
 * Port of Django's field tests (tests/forms_tests/field_tests): how posted strings become typed
 * values, and the messages of failed conversions and validators.
 */
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsBoolean,
  IsDate,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Field, Form, QueryDict } from '../../src';

const qd = (query: string) => new QueryDict(query);

describe('conversion of posted strings', () => {
  class Kinds extends Form {
    @IsInt() count!: number;
    @IsNumber() price!: number;
    @IsBoolean() active!: boolean;
    @Field({ type: 'datetime' }) startsAt!: Date;
    @IsIn([1, 2, 3]) rating!: number;
    @IsOptional() @IsIn(['a', 'b', 'c'], { each: true }) tags!: string[];
    @Type(() => Number) @IsOptional() @Min(0) weight!: number;
  }

  test('numbers, booleans, dates, choices and lists', async () => {
    const f = new Kinds({ data: qd('count=%2B7&price=2.50&active=on&startsAt=2024-05-06T07:08&rating=2&tags=a&tags=c&weight=1.5') });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData).toMatchObject({ count: 7, price: 2.5, active: true, rating: 2, tags: ['a', 'c'], weight: 1.5 });
    expect(f.cleanedData.startsAt).toEqual(new Date(2024, 4, 6, 7, 8));
  });

  test('an unchecked checkbox is false; "false" and "0" are false too (test_boolean_field)', async () => {
    for (const [value, expected] of [['', false], ['false', false], ['0', false], ['False', false], ['on', true], ['1', true], ['true', true]] as const) {
      const f = new Kinds({ data: qd(`count=1&price=1&startsAt=2024-01-01T00:00&rating=1&active=${value}`) });
      expect(await f.isValid()).toBe(true);
      expect(f.cleanedData.active).toBe(expected);
    }
    const absent = new Kinds({ data: qd('count=1&price=1&startsAt=2024-01-01T00:00&rating=1') });
    expect(await absent.isValid()).toBe(true);
    expect(absent.cleanedData.active).toBe(false);
    expect(absent.cleanedData.tags).toEqual([]);
  });

  test("Django's messages for values that do not convert", async () => {
    const f = new Kinds({ data: qd('count=1.5&price=abc&startsAt=2024-02-30T10:00&rating=9&tags=a&tags=z&weight=-1') });
    expect(await f.isValid()).toBe(false);
    expect(f.errors).toEqual({
      count: ['Enter a whole number.'],
      price: ['Enter a number.'],
      startsAt: ['Enter a valid date/time.'],
      rating: ['Select a valid choice. 9 is not one of the available choices.'],
      tags: ['Select a valid choice. z is not one of the available choices.'],
      weight: ['Ensure this value is greater than or equal to 0.'],
    });
  });

  test('date-times with a zone are converted to that instant', async () => {
    const f = new Kinds({ data: qd('count=1&price=1&rating=1&startsAt=2024-05-06T07:08:09%2B02:00') });
    expect(await f.isValid()).toBe(true);
    expect((f.cleanedData.startsAt as Date).toISOString()).toBe('2024-05-06T05:08:09.000Z');
  });

  test('an enum gives choices; its values are accepted', async () => {
    enum Genre {
      Drama = 'drama',
      SciFi = 'sci-fi',
    }
    class Movie extends Form {
      @IsEnum(Genre) genre!: Genre;
    }
    const f = new Movie({ data: qd('genre=sci-fi') });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData.genre).toBe(Genre.SciFi);
    expect(f.fields.genre.choices).toEqual([['drama', 'Drama'], ['sci-fi', 'Sci fi']]);
    const bad = new Movie({ data: qd('genre=horror') });
    expect(await bad.isValid()).toBe(false);
    expect(bad.errors.genre).toEqual(['Select a valid choice. horror is not one of the available choices.']);
  });

  test('nested objects and lists: errors keyed by their full path', async () => {
    class Line {
      @IsString() sku!: string;
      @IsInt() @Min(1) qty!: number;
    }
    class Address {
      @IsString() city!: string;
    }
    class Order extends Form {
      @ValidateNested() @Type(() => Address) address!: Address;
      @ValidateNested({ each: true }) @Type(() => Line) @ArrayMaxSize(3) items!: Line[];
    }
    const bad = new Order({ data: qd('address.city=&items.0.sku=a&items.0.qty=0&items.1.sku=b&items.1.qty=x&items.2.qty=2') });
    expect(await bad.isValid()).toBe(false);
    expect(bad.errors).toEqual({
      'address.city': ['This field is required.'],
      'items.0.qty': ['Ensure this value is greater than or equal to 1.'],
      'items.1.qty': ['Enter a whole number.'],
      'items.2.sku': ['This field is required.'],
    });
    const good = new Order({ data: qd('address.city=Paris&items.0.sku=a&items.0.qty=2&items.1.sku=b&items.1.qty=3') });
    expect(await good.isValid()).toBe(true);
    expect(good.cleanedData.address).toBeInstanceOf(Address);
    expect(good.cleanedData.items).toEqual([Object.assign(new Line(), { sku: 'a', qty: 2 }), Object.assign(new Line(), { sku: 'b', qty: 3 })]);
    const json = new Order({ data: { address: { city: 'Oslo' }, items: [{ sku: 'c', qty: 1 }, 5] } });
    expect(await json.isValid()).toBe(false);
    expect(json.errors).toEqual({ 'items.1': ['Enter a valid value.'] });
    const many = new Order({ data: { address: { city: 'Oslo' }, items: Array.from({ length: 4 }, () => ({ sku: 's', qty: 1 })) } });
    expect(await many.isValid()).toBe(false);
    expect(Object.keys(many.errors)).toEqual(['items']);
  });

  test('class-transformer @Transform runs on the converted value', async () => {
    const { Transform } = await import('class-transformer');
    class Lower extends Form {
      @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value)) @IsEmail() email!: string;
    }
    const f = new Lower({ data: qd('email=ADA%40Example.COM') });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData.email).toBe('ada@example.com');
  });
});

describe('validators and messages', () => {
  class Signup extends Form {
    @IsString() @Length(3, 10) username!: string;
    @IsEmail({}, { message: 'Give us a real address.' }) email!: string;
    @Matches(/^[a-z]+$/) code!: string;
    @IsInt() @Max(120) age!: number;
    @Field({ errorMessages: { required: 'Tell us your city.' } }) @IsString() city!: string;
    @IsOptional() @MinLength(2) @MaxLength(5) nick!: string;
  }

  test("class-validator failures get Django's messages, unless the decorator sets one", async () => {
    const f = new Signup({ data: qd('username=ab&email=nope&code=ABC&age=121&nick=abcdef') });
    expect(await f.isValid()).toBe(false);
    expect(f.errors).toEqual({
      username: ['Ensure this value has at least 3 characters (it has 2).'],
      email: ['Give us a real address.'],
      code: ['Enter a valid value.'],
      age: ['Ensure this value is less than or equal to 120.'],
      city: ['Tell us your city.'],
      nick: ['Ensure this value has at most 5 characters (it has 6).'],
    });
  });

  test('hasError() by field and code (test_has_error)', async () => {
    const f = new Signup({ data: qd('username=ab&email=a%40b.co&code=abc&age=1') });
    await f.isValid();
    expect(f.hasError('city')).toBe(true);
    expect(f.hasError('city', 'required')).toBe(true);
    expect(f.hasError('username', 'isLength')).toBe(true);
    expect(f.hasError('username', 'required')).toBe(false);
    expect(f.hasError('email')).toBe(false);
  });

  test('ValidateIf: class-validator decides about empty values', async () => {
    class Shipping extends Form {
      @IsBoolean() gift!: boolean;
      @ValidateIf((o) => o.gift === true) @IsNotEmpty({ message: 'Write a gift message.' }) message!: string;
    }
    const withGift = new Shipping({ data: qd('gift=on&message=') });
    expect(await withGift.isValid()).toBe(false);
    expect(withGift.errors.message).toEqual(['Write a gift message.']);
    const without = new Shipping({ data: qd('message=') });
    expect(await without.isValid()).toBe(true);
  });

  test('a required checkbox must be checked; @Equals(true) works too', async () => {
    class Terms extends Form {
      @Field({ required: true }) @IsBoolean() accept!: boolean;
      @Equals(true, { message: 'You must agree.' }) agree!: boolean;
    }
    const f = new Terms({ data: qd('agree=') });
    expect(await f.isValid()).toBe(false);
    expect(f.errors).toEqual({ accept: ['This field is required.'], agree: ['You must agree.'] });
  });

  test('@IsDate with a Date type converts dates', async () => {
    class Event extends Form {
      @IsDate() on!: Date;
    }
    const f = new Event({ data: qd('on=2020-02-29') });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData.on).toEqual(new Date(2020, 1, 29));
  });
});

