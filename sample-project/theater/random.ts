/**
 * A small deterministic pseudo-random generator (mulberry32) and the word lists the seed
 * command draws from: the same seed gives the same movies on every machine.
 */

/** A seeded pseudo-random source. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One item of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `count` distinct items of `items` (all of them when count ≥ length). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    return out;
  }
}

/** `'The Silent Harbor!'` → `'the-silent-harbor'`. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 180);
}

export const GENRES = [
  'Action', 'Adventure', 'Animation', 'Comedy', 'Documentary', 'Drama',
  'Fantasy', 'Horror', 'Mystery', 'Romance', 'Science Fiction', 'Thriller',
] as const;

export const ADJECTIVES = [
  'Silent', 'Crimson', 'Last', 'Hidden', 'Electric', 'Forgotten', 'Golden', 'Midnight', 'Broken', 'Endless',
  'Wild', 'Paper', 'Distant', 'Burning', 'Frozen', 'Secret', 'Lonely', 'Glass', 'Velvet', 'Restless',
  'Northern', 'Hollow', 'Bright', 'Quiet', 'Savage', 'Lucky', 'Bitter', 'Little', 'Iron', 'Wandering',
];

export const NOUNS = [
  'Harbor', 'Garden', 'Signal', 'Summer', 'River', 'Machine', 'Kingdom', 'Letter', 'Station', 'Island',
  'Mirror', 'Orchard', 'Highway', 'Lighthouse', 'Circus', 'Frontier', 'Winter', 'Carnival', 'Engine', 'Compass',
  'Lantern', 'Empire', 'Shadow', 'Horizon', 'Echo', 'Storm', 'Tide', 'Violin', 'Atlas', 'Comet',
];

export const PLACES = [
  'Lisbon', 'the North', 'Avalon', 'Marrakesh', 'the Valley', 'Kyoto', 'Nowhere', 'the Coast', 'Prague', 'Mars',
  'the City', 'Patagonia', 'Havana', 'the Moon', 'Reykjavik', 'the Desert',
];

export const FIRST_NAMES = [
  'Ada', 'Bruno', 'Chloé', 'Dev', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo',
  'Nadia', 'Oscar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tove', 'Umar', 'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zoe',
];

export const LAST_NAMES = [
  'Almeida', 'Berg', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'Gallo', 'Haddad', 'Ivanova', 'Jansen',
  'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Rossi', 'Sato', 'Tanaka',
];

export const CREW_JOBS = ['Director', 'Screenplay', 'Cinematography', 'Original Music'] as const;

const OPENINGS = [
  'When {a} finds a {n} that should not exist,',
  'After a long winter in {p},',
  'On the night the {n} goes dark,',
  'Years after leaving {p},',
  'Hired to guard an old {n},',
  'Caught between two families,',
];
const MIDDLES = [
  '{a} and {b} set out on a journey neither of them wanted',
  'a reluctant {a} must decide whom to trust',
  '{a} uncovers a secret that binds the whole town',
  'two strangers trade places for a single week',
  '{a} returns home to settle an old debt',
];
const ENDINGS = [
  ' — and nothing goes to plan.',
  ', one impossible day at a time.',
  ' before the {n} is lost forever.',
  ', with a little help from {b}.',
  '.',
];

/** A two-sentence synopsis naming the given characters. */
export function synopsis(random: Random, characters: string[], noun: string, place: string): string {
  const fill = (text: string) =>
    text.replaceAll('{a}', characters[0]).replaceAll('{b}', characters[1] ?? characters[0]).replaceAll('{n}', noun.toLowerCase()).replaceAll('{p}', place);
  const first = fill(`${random.pick(OPENINGS)} ${random.pick(MIDDLES)}${random.pick(ENDINGS)}`);
  return `${first} A ${random.pick(['tender', 'tense', 'funny', 'haunting', 'sweeping', 'small'])} story about ${random.pick(['courage', 'home', 'friendship', 'second chances', 'memory', 'luck'])}.`;
}

/** A movie title built from the word lists. */
export function title(random: Random): { title: string; noun: string; place: string } {
  const adjective = random.pick(ADJECTIVES);
  const noun = random.pick(NOUNS);
  const place = random.pick(PLACES);
  const forms = [
    `The ${adjective} ${noun}`,
    `${noun} of ${place}`,
    `${adjective} ${noun}s`,
    `${/^[AEIOU]/.test(noun) ? 'An' : 'A'} ${noun} in ${place}`,
    `The ${noun}`,
    `${adjective} in ${place}`,
  ];
  return { title: random.pick(forms), noun, place };
}
