/** `count` distinct elements of `all` in random order: a partial Fisher–Yates shuffle, in place. */
export function takeRandom<T>(all: T[], count: number): T[] {
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (all.length - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  all.length = count;
  return all;
}
