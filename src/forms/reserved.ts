let reserved: Set<string> | null = null;
const extraReserved = new Set<string>();

/** Names a form field cannot have: the API of `formClass` (Form) and the names added by `reserveNames`. */
export function reservedNames(formClass: new () => object): ReadonlySet<string> {
  if (!reserved) {
    reserved = new Set(['constructor', ...Object.keys(new formClass())]);
    for (let proto: object | null = formClass.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) reserved.add(name);
    }
  }
  for (const name of extraReserved) reserved.add(name);
  extraReserved.clear();
  return reserved;
}

/** Add names of a Form subclass's API (ModelForm's `instance`, `save`…) to the reserved ones. */
export function reserveNames(names: Iterable<string>): void {
  for (const name of names) {
    extraReserved.add(name);
    reserved?.add(name);
  }
}
