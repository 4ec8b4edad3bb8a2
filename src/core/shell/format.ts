// echo and printf as busybox implements them (coreutils/echo.c, coreutils/printf.c): echo
// interprets escapes only with -e (verified: `echo 'a\nb'` prints the backslash), printf reuses
// its format while arguments remain (verified: `printf '%s-%s\n' 1 2 3` prints "1-2\n3-\n").

/** Expands backslash escapes as `echo -e` and printf's format do; `stop` reports a `\c`. */
export function expandEscapes(text: string, octalNeedsZero: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const n = text[++i] ?? '';
    switch (n) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\u0007'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'e': out += '\u001b'; break;
      case '\\': out += '\\'; break;
      case 'c': return { text: out, stop: true };
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1));
        if (m) {
          out += String.fromCharCode(Number.parseInt(m[0], 16));
          i += m[0].length;
        } else out += '\\x';
        break;
      }
      default: {
        if (/[0-7]/.test(n)) {
          // echo -e wants \0NNN; printf takes \NNN.
          const digits = octalNeedsZero ? (n === '0' ? /^[0-7]{0,3}/.exec(text.slice(i + 1))?.[0] ?? '' : undefined) : /^[0-7]{0,2}/.exec(text.slice(i + 1))?.[0];
          if (digits === undefined) {
            out += `\\${n}`;
            break;
          }
          const value = octalNeedsZero ? Number.parseInt(digits || '0', 8) : Number.parseInt(n + (digits ?? ''), 8);
          out += String.fromCharCode(value & 0xff);
          i += (digits ?? '').length;
        } else out += `\\${n}`;
      }
    }
  }
  return { text: out, stop: false };
}

/**
 * Formats `echo` arguments: leading -n/-e/-E clusters are options, the rest is joined by spaces.
 * dash's echo takes only -n and always expands escapes (dash(1) "echo").
 */
export function formatEcho(args: readonly string[], flavour: 'busybox' | 'dash' = 'busybox'): string {
  let newline = true;
  let escapes = flavour === 'dash';
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (flavour === 'dash') {
      if (a !== '-n') break;
      newline = false;
      continue;
    }
    if (!/^-[neE]+$/.test(a)) break;
    for (const f of a.slice(1)) {
      if (f === 'n') newline = false;
      else if (f === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const expanded = expandEscapes(text, true);
    if (expanded.stop) return expanded.text;
    text = expanded.text;
  }
  return newline ? `${text}\n` : text;
}

/** Formats `printf FORMAT ARGS…`: %s %b %c %d %i %u %o %x %X %e %f %g %%, flags, width, precision. */
export function formatPrintf(format: string, args: readonly string[]): { text: string; errors: string[] } {
  const errors: string[] = [];
  let out = '';
  let argIndex = 0;
  const nextArg = (): string | undefined => args[argIndex++];
  for (let pass = 0; pass < 1000; pass++) {
    const consumedBefore = argIndex;
    let stop = false;
    for (let i = 0; i < format.length && !stop; i++) {
      const c = format[i] ?? '';
      if (c === '\\') {
        const rest = /^\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/.exec(format.slice(i));
        const seq = rest?.[0] ?? '\\';
        const expanded = expandEscapes(seq, false);
        out += expanded.text;
        if (expanded.stop) stop = true;
        i += seq.length - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])/.exec(format.slice(i));
      if (!m) {
        out += c;
        continue;
      }
      i += m[0].length - 1;
      const conv = m[4] ?? '';
      if (conv === '%') {
        out += '%';
        continue;
      }
      const flagText = m[1] ?? '';
      const width = m[2] === '*' ? Number(nextArg() ?? 0) : m[2] === undefined ? 0 : Number(m[2]);
      const precision = m[3] === '*' ? Number(nextArg() ?? 0) : m[3] === undefined ? undefined : Number(m[3]);
      const arg = nextArg();
      let body: string;
      switch (conv) {
        case 's':
          body = arg ?? '';
          if (precision !== undefined) body = body.slice(0, precision);
          break;
        case 'b': {
          const expanded = expandEscapes(arg ?? '', true);
          body = expanded.text;
          if (expanded.stop) stop = true;
          break;
        }
        case 'c':
          body = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
        case 'u':
        case 'o':
        case 'x':
        case 'X': {
          const n = parseNumber(arg, errors);
          const abs = Math.abs(Math.trunc(n));
          const radix = conv === 'o' ? 8 : conv === 'x' || conv === 'X' ? 16 : 10;
          let digits = abs.toString(radix);
          if (conv === 'X') digits = digits.toUpperCase();
          if (precision !== undefined) digits = digits.padStart(precision, '0');
          const sign = n < 0 ? '-' : flagText.includes('+') ? '+' : flagText.includes(' ') ? ' ' : '';
          body = sign + digits;
          if (flagText.includes('0') && !flagText.includes('-') && precision === undefined && body.length < width) {
            body = sign + digits.padStart(width - sign.length, '0');
          }
          break;
        }
        case 'e':
        case 'f':
        case 'g': {
          const n = parseNumber(arg, errors);
          body = conv === 'f' ? n.toFixed(precision ?? 6) : conv === 'e' ? n.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2') : String(n);
          break;
        }
        default:
          errors.push(`%${conv}: invalid format`);
          body = '';
      }
      out += flagText.includes('-') ? body.padEnd(width) : body.padStart(width);
    }
    if (stop || argIndex >= args.length || argIndex === consumedBefore) break;
  }
  return { text: out, errors };
}

function parseNumber(arg: string | undefined, errors: string[]): number {
  if (arg === undefined || arg === '') return 0;
  if (/^[-+]?\d+$/.test(arg)) return Number(arg);
  if (/^[-+]?0x[0-9a-f]+$/i.test(arg)) return Number.parseInt(arg, 16);
  if (/^[-+]?\d*\.\d+$/.test(arg)) return Number(arg);
  if (/^['"]./.test(arg)) return arg.codePointAt(1) ?? 0;
  errors.push(`invalid number '${arg}'`);
  return 0;
}
