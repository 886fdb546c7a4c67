/** Redis's stringmatchlen: glob with * ? [...] [^...] ranges and backslash escapes. */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  skipLongerMatches = false;
  return match(pattern, 0, str, 0, nocase, 0);
}

/**
 * Set once the rest of a pattern after a '*' matched nowhere in the rest of the string: then no
 * earlier '*' can help by matching more, which keeps patterns like "a*a*a*...b" linear-ish
 * (Redis's skipLongerMatches).
 */
let skipLongerMatches = false;

function eq(a: string, b: string, nocase: boolean): boolean {
  return nocase ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function match(p: string, pi: number, s: string, si: number, nocase: boolean, depth: number): boolean {
  // Redis caps recursion to stop pathological patterns; treat as no match.
  if (depth > 1000) return false;
  while (pi < p.length && si <= s.length) {
    const c = p[pi];
    switch (c) {
      case '*':
        while (p[pi + 1] === '*') pi++;
        if (pi + 1 === p.length) return true;
        for (let k = si; k <= s.length; k++) {
          if (match(p, pi + 1, s, k, nocase, depth + 1)) return true;
          if (skipLongerMatches) return false;
        }
        skipLongerMatches = true;
        return false;
      case '?':
        if (si >= s.length) return false;
        si++;
        break;
      case '[': {
        if (si >= s.length) return false;
        pi++;
        const not = p[pi] === '^';
        if (not) pi++;
        let matched = false;
        for (;;) {
          if (pi >= p.length) {
            pi--;
            break;
          }
          if (p[pi] === '\\' && pi + 1 < p.length) {
            pi++;
            if (p[pi] === s[si]) matched = true;
          } else if (p[pi] === ']') {
            break;
          } else if (p[pi + 1] === '-' && pi + 2 < p.length) {
            let start = p.charCodeAt(pi);
            let end = p.charCodeAt(pi + 2);
            let ch = s.charCodeAt(si);
            if (start > end) [start, end] = [end, start];
            if (nocase) {
              start = String.fromCharCode(start).toLowerCase().charCodeAt(0);
              end = String.fromCharCode(end).toLowerCase().charCodeAt(0);
              ch = String.fromCharCode(ch).toLowerCase().charCodeAt(0);
            }
            pi += 2;
            if (ch >= start && ch <= end) matched = true;
          } else if (eq(p[pi], s[si], nocase)) {
            matched = true;
          }
          pi++;
        }
        if (not) matched = !matched;
        if (!matched) return false;
        si++;
        break;
      }
      default:
        // A backslash makes the next pattern char literal.
        if (c === '\\' && pi + 1 < p.length) pi++;
        if (si >= s.length || !eq(p[pi], s[si], nocase)) return false;
        si++;
        break;
    }
    pi++;
    if (si >= s.length) {
      while (p[pi] === '*') pi++;
      break;
    }
  }
  return pi >= p.length && si >= s.length;
}
