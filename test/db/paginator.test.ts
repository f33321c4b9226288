/**
 * Port of Django's tests/pagination/tests.py (PaginationTests) for lists: count, pages,
 * orphans, validation, getPage, indexes and the elided page range.
 */
import { EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator, type Sliceable } from '../../src';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const nine = range(1, 9);
const ten = range(1, 10);
const eleven = range(1, 11);
const E = Paginator.ELLIPSIS;

describe('Paginator', () => {
  test.each([
    // list, perPage, orphans, allowEmptyFirstPage → count, numPages, pageRange
    [ten, 4, 0, false, 10, 3, [1, 2, 3]],
    [ten, 4, 1, false, 10, 3, [1, 2, 3]],
    [ten, 4, 2, false, 10, 2, [1, 2]],
    [ten, 4, 0, true, 10, 3, [1, 2, 3]],
    [ten, 4, 1, true, 10, 3, [1, 2, 3]],
    [ten, 4, 2, true, 10, 2, [1, 2]],
    [[1], 4, 0, false, 1, 1, [1]],
    [[1], 4, 1, false, 1, 1, [1]],
    [[1], 4, 2, false, 1, 1, [1]],
    [[1], 4, 0, true, 1, 1, [1]],
    [[1], 4, 2, true, 1, 1, [1]],
    [[], 4, 0, false, 0, 0, []],
    [[], 4, 2, false, 0, 0, []],
    [[], 4, 0, true, 0, 1, [1]],
    [[], 4, 2, true, 0, 1, [1]],
    [[], 1, 0, true, 0, 1, [1]],
    [[], 1, 0, false, 0, 0, []],
    [[1], 2, 0, true, 1, 1, [1]],
    [nine, 10, 0, true, 9, 1, [1]],
    [[1], 1, 0, true, 1, 1, [1]],
    [[1, 2], 2, 0, true, 2, 1, [1]],
    [ten, 10, 0, true, 10, 1, [1]],
    [[1, 2], 1, 0, true, 2, 2, [1, 2]],
    [[1, 2, 3], 2, 0, true, 3, 2, [1, 2]],
    [eleven, 10, 0, true, 11, 2, [1, 2]],
    [[1, 2, 3], 2, 1, true, 3, 1, [1]],
    [eleven, 10, 1, true, 11, 1, [1]],
    [ten, '4', 1, false, 10, 3, [1, 2, 3]],
    [ten, 4, '1', false, 10, 3, [1, 2, 3]],
  ] as const)('%j per %s, orphans %s, allowEmptyFirstPage %s → count %s, %s pages', (list, perPage, orphans, allow, count, pages, pageRange) => {
    const paginator = new Paginator(list as readonly number[], perPage, { orphans, allowEmptyFirstPage: allow });
    expect(paginator.count).toBe(count);
    expect(paginator.numPages).toBe(pages);
    expect(paginator.pageRange).toEqual(pageRange);
  });

  test('invalid page numbers: InvalidPage, PageNotAnInteger', async () => {
    const paginator = new Paginator([1, 2, 3], 2);
    await expect(paginator.page(3)).rejects.toBeInstanceOf(InvalidPage);
    for (const bad of [null, undefined, 'x', 1.2, '1.0', '', NaN, {}, [1]]) {
      expect(() => paginator.validateNumber(bad)).toThrow(PageNotAnInteger);
    }
    expect(() => paginator.validateNumber(0)).toThrow(new EmptyPage('That page number is less than 1'));
    expect(() => paginator.validateNumber(3)).toThrow(new EmptyPage('That page contains no results'));
    expect(() => paginator.validateNumber('99999999999999999999')).toThrow(EmptyPage);
    expect(() => paginator.validateNumber('-99999999999999999999')).toThrow(new EmptyPage('That page number is less than 1'));
  });

  test('error messages can be replaced', () => {
    const paginator = new Paginator([1, 2, 3], 2, {
      errorMessages: { invalidPage: 'Wrong page number', minPage: 'Too small', noResults: 'There is nothing here' },
    });
    expect(() => paginator.validateNumber(1.2)).toThrow('Wrong page number');
    expect(() => paginator.validateNumber(-1)).toThrow('Too small');
    expect(() => paginator.validateNumber(3)).toThrow('There is nothing here');
  });

  test('integral floats and numeric strings are page numbers', () => {
    const paginator = new Paginator([1, 2, 3], 2);
    expect(paginator.validateNumber(1.0)).toBe(1);
    expect(paginator.validateNumber(' 2 ')).toBe(2);
    expect(paginator.validateNumber('+1')).toBe(1);
  });

  test('an empty list has an empty first page unless allowEmptyFirstPage is false', async () => {
    const paginator = new Paginator([], 2);
    const page = await paginator.page(1);
    expect(page.objectList).toEqual([]);
    expect(page.length).toBe(0);
    expect(page.startIndex()).toBe(0);
    expect(page.endIndex()).toBe(0);
    await expect(new Paginator([], 2, { allowEmptyFirstPage: false }).page(1)).rejects.toThrow(EmptyPage);
  });

  test('anything with count() and slice() can be paginated', async () => {
    const container: Sliceable<number> = { count: () => 9, slice: (a, b) => nine.slice(a, b) };
    const paginator = new Paginator(container, 4);
    expect(await paginator.acount()).toBe(9);
    expect(paginator.numPages).toBe(3);
    expect(paginator.pageRange).toEqual([1, 2, 3]);
    expect((await paginator.page(3)).objectList).toEqual([9]);
  });

  test('errors from count() are not swallowed', async () => {
    const broken: Sliceable<number> = {
      count: () => {
        throw new TypeError('count() is broken');
      },
      slice: () => [],
    };
    await expect(new Paginator(broken, 4).page(1)).rejects.toThrow('count() is broken');
  });

  test('the count is taken once', async () => {
    let calls = 0;
    const container: Sliceable<number> = {
      count: async () => {
        calls += 1;
        return 9;
      },
      slice: (a, b) => nine.slice(a, b),
    };
    const paginator = new Paginator(container, 2);
    await Promise.all([paginator.page(1), paginator.page(2), paginator.acount(), paginator.anumPages()]);
    expect(calls).toBe(1);
  });

  test('count and numPages of a source not yet counted say what to await', () => {
    const paginator = new Paginator({ count: () => 1, slice: () => [1] }, 2);
    expect(() => paginator.count).toThrow('await paginator.acount()');
  });

  test('a Page subclass through createPage()', async () => {
    class ValidAdjacentNumsPage<T> extends Page<T> {
      override nextPageNumber() {
        return this.hasNext() ? this.number + 1 : null!;
      }
    }
    class ValidAdjacentNumsPaginator<T> extends Paginator<T> {
      protected override createPage(items: T[], number: number): Page<T> {
        return new ValidAdjacentNumsPage(items, number, this);
      }
    }
    const page = await new ValidAdjacentNumsPaginator([1, 2, 3], 2).page(2);
    expect(page).toBeInstanceOf(ValidAdjacentNumsPage);
    expect(page.nextPageNumber()).toBeNull();
  });

  test.each([
    // list, perPage, orphans, allowEmpty → first page (start, end), last page (start, end)
    [ten, 1, 0, true, [1, 1], [10, 10]],
    [ten, 2, 0, true, [1, 2], [9, 10]],
    [ten, 3, 0, true, [1, 3], [10, 10]],
    [ten, 5, 0, true, [1, 5], [6, 10]],
    [ten, 3, 1, true, [1, 3], [7, 10]],
    [ten, 3, 2, true, [1, 3], [7, 10]],
    [ten, 5, 1, true, [1, 5], [6, 10]],
    [ten, 5, 2, true, [1, 5], [6, 10]],
    [[1], 4, 0, false, [1, 1], [1, 1]],
    [[1], 4, 2, true, [1, 1], [1, 1]],
    [[], 4, 0, true, [0, 0], [0, 0]],
    [[], 4, 2, true, [0, 0], [0, 0]],
  ] as const)('indexes of %j per %s, orphans %s', async (list, perPage, orphans, allow, first, last) => {
    const paginator = new Paginator(list as readonly number[], perPage, { orphans, allowEmptyFirstPage: allow });
    const p1 = await paginator.page(1);
    expect([p1.startIndex(), p1.endIndex()]).toEqual(first);
    const pn = await paginator.page(paginator.numPages);
    expect([pn.startIndex(), pn.endIndex()]).toEqual(last);
  });

  test('orphans of perPage or more still join the last page', async () => {
    const paginator = new Paginator(ten, 3, { orphans: 4 });
    const last = await paginator.page(paginator.numPages);
    expect([last.startIndex(), last.endIndex()]).toEqual([4, 10]);
    expect(() => new Paginator(ten, 3, { orphans: -1 })).toThrow(RangeError);
    expect(() => new Paginator(ten, 0)).toThrow('perPage must be at least 1');
    expect(() => new Paginator(ten, 'x' as unknown as number)).toThrow(TypeError);
  });

  test('a Page is a sequence of its items', async () => {
    const eleven = 'abcdefghijk'.split('');
    const page2 = await new Paginator(eleven, 5, { orphans: 1 }).page(2);
    expect(page2.length).toBe(6);
    expect([...page2]).toContain('k');
    expect([...page2]).not.toContain('a');
    expect([...page2].join('')).toBe('fghijk');
    expect([...page2].reverse().join('')).toBe('kjihgf');
  });

  test('first and last page: navigation and String()', async () => {
    const paginator = new Paginator(nine, 5);
    const p1 = await paginator.page(1);
    expect(String(p1)).toBe('<Page 1 of 2>');
    expect(p1.objectList).toEqual([1, 2, 3, 4, 5]);
    expect([p1.hasNext(), p1.hasPrevious(), p1.hasOtherPages()]).toEqual([true, false, true]);
    expect(p1.nextPageNumber()).toBe(2);
    expect(() => p1.previousPageNumber()).toThrow(InvalidPage);
    expect([p1.startIndex(), p1.endIndex()]).toEqual([1, 5]);
    const p2 = await paginator.page(2);
    expect(String(p2)).toBe('<Page 2 of 2>');
    expect(p2.objectList).toEqual([6, 7, 8, 9]);
    expect([p2.hasNext(), p2.hasPrevious(), p2.hasOtherPages()]).toEqual([false, true, true]);
    expect(() => p2.nextPageNumber()).toThrow(EmptyPage);
    expect(p2.previousPageNumber()).toBe(1);
    expect([p2.startIndex(), p2.endIndex()]).toEqual([6, 9]);
  });

  test('getPage never fails on bad input', async () => {
    const paginator = new Paginator([1, 2, 3], 2);
    const page = await paginator.getPage(1);
    expect(page.number).toBe(1);
    expect(page.objectList).toEqual([1, 2]);
    expect((await paginator.getPage(3)).number).toBe(2);
    expect((await paginator.getPage(-5)).number).toBe(2);
    expect((await paginator.getPage(null)).number).toBe(1);
    expect((await paginator.getPage('abc')).number).toBe(1);
  });

  test('getPage on an empty list: page 1, unless allowEmptyFirstPage is false', async () => {
    const paginator = new Paginator([], 2);
    expect((await paginator.getPage(1)).number).toBe(1);
    expect((await paginator.getPage(2)).number).toBe(1);
    expect((await paginator.getPage(null)).number).toBe(1);
    await expect(new Paginator([], 2, { allowEmptyFirstPage: false }).getPage(1)).rejects.toThrow(EmptyPage);
  });

  test('iterating a paginator yields its pages', async () => {
    const pages: string[] = [];
    for await (const page of new Paginator([1, 2, 3], 2)) pages.push(page.objectList.join(','));
    expect(pages).toEqual(['1,2', '3']);
  });

  test('getElidedPageRange: short lists are not elided', () => {
    const paginator = new Paginator(range(1, 10 * 100), 100);
    expect(paginator.numPages).toBe(10);
    for (const n of paginator.pageRange) expect(paginator.getElidedPageRange(n)).toEqual(range(1, 10));
    expect(() => paginator.getElidedPageRange(0)).toThrow(EmptyPage);
    expect(() => paginator.getElidedPageRange('x')).toThrow(PageNotAnInteger);
  });

  test.each([
    [1, [1, 2, 3, 4, E, 49, 50]],
    [6, [1, 2, 3, 4, 5, 6, 7, 8, 9, E, 49, 50]],
    [7, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, E, 49, 50]],
    [8, [1, 2, E, 5, 6, 7, 8, 9, 10, 11, E, 49, 50]],
    [43, [1, 2, E, 40, 41, 42, 43, 44, 45, 46, E, 49, 50]],
    [44, [1, 2, E, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50]],
    [45, [1, 2, E, 42, 43, 44, 45, 46, 47, 48, 49, 50]],
    [50, [1, 2, E, 47, 48, 49, 50]],
  ])('getElidedPageRange(%s) of 50 pages', (n, expected) => {
    const paginator = new Paginator(range(1, 500), 10);
    expect(paginator.getElidedPageRange(n)).toEqual(expected);
  });

  test('getElidedPageRange with onEachSide and onEnds', () => {
    const paginator = new Paginator(range(1, 500), 10);
    expect(paginator.getElidedPageRange(25, { onEachSide: 1, onEnds: 1 })).toEqual([1, E, 24, 25, 26, E, 50]);
    expect(paginator.getElidedPageRange(25, { onEachSide: 0, onEnds: 0 })).toEqual([E, 25, E]);
    expect(paginator.getElidedPageRange(1, { onEachSide: 2, onEnds: 0 })).toEqual([1, 2, 3, E]);
  });

  test('ELLIPSIS can be changed on a subclass', () => {
    class Dots<T> extends Paginator<T> {
      static override ELLIPSIS = '...';
    }
    expect(new Dots(range(1, 500), 10).getElidedPageRange(25)).toContain('...');
  });
});
