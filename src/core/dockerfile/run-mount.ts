// `RUN --mount=<csv>` as BuildKit reads it (frontend/dockerfile/instructions/commands_runmount.go).
// BuildKit reads the CSV and rejects `from=$X` when it parses the Dockerfile; everything else is
// checked after variable expansion, when the stage is dispatched. Here the values are raw, so a
// field whose value contains `$` is taken as written and the checks that depend on it are skipped.

import type { MountType, RunMount } from './ast.ts';
import type { SourceRange } from '../diagnostics.ts';
import { parseGoBool } from './directives.ts';
import { goQuote, utf8Length } from './go-text.ts';
import { isRamSize, parseGoUint } from './go-values.ts';
import { suggest, withSuggestion } from './suggest.ts';

export interface MountProblem {
  readonly message: string;
  readonly engine: string;
  /** True for the checks BuildKit makes while parsing (its error gets the `dockerfile parse error` prefix). */
  readonly atParse: boolean;
}

const MOUNT_TYPES: readonly MountType[] = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const SHARING = ['shared', 'private', 'locked'] as const;
const ALL_KEYS = [
  'type', 'from', 'source', 'target', 'readonly', 'id', 'sharing', 'required', 'mode', 'uid', 'gid', 'src', 'dst', 'ro', 'rw', 'readwrite',
];

/** Go `encoding/csv` `Reader.Read` of one line with default settings. */
function readCsvRecord(text: string): { readonly fields: string[] } | { readonly error: string } {
  if (text === '') return { error: 'EOF' };
  const fields: string[] = [];
  let i = 0;
  let column = 1; // 1-based byte column, as Go reports it
  for (;;) {
    if (text.charCodeAt(i) !== 0x22) {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? text.length : comma;
      const field = text.slice(i, end);
      const quote = field.indexOf('"');
      if (quote >= 0) {
        return { error: `parse error on line 1, column ${column + utf8Length(field.slice(0, quote))}: bare " in non-quoted-field` };
      }
      fields.push(field);
      if (comma < 0) return { fields };
      column += utf8Length(field) + 1;
      i = comma + 1;
      continue;
    }
    // Quoted field.
    let value = '';
    i++;
    column++;
    for (;;) {
      const quote = text.indexOf('"', i);
      if (quote < 0) {
        column += utf8Length(text.slice(i));
        return { error: `parse error on line 1, column ${column}: extraneous or missing " in quoted-field` };
      }
      value += text.slice(i, quote);
      column += utf8Length(text.slice(i, quote)) + 1;
      i = quote + 1;
      const next = text.charCodeAt(i);
      if (next === 0x22) {
        value += '"';
        i++;
        column++;
      } else if (next === 0x2c) {
        fields.push(value);
        i++;
        column++;
        break;
      } else if (i >= text.length) {
        fields.push(value);
        return { fields };
      } else {
        return { error: `parse error on line 1, column ${column - 1}: extraneous or missing " in quoted-field` };
      }
    }
    if (i >= text.length) {
      // `"a",` ends with an empty field.
      fields.push('');
      return { fields };
    }
  }
}

/** `invalid value for KEY: VALUE`, found when the stage is dispatched. */
function invalidValue(key: string, raw: string): MountProblem {
  return laterProblem(`"${raw}" is not a valid value for ${key}.`, `invalid value for ${key}: ${raw}`);
}

/** A check BuildKit makes when it dispatches the stage, after expansion. */
function laterProblem(message: string, engine: string): MountProblem {
  return { message, engine, atParse: false };
}

/** The mount (a fresh object each parse, so its range is set on it: no copy) and its problem. */
function finish(mount: MutableMount, range: SourceRange, problem?: MountProblem): { mount: RunMount; problem?: MountProblem } {
  const done = mount as MutableMount & { range: SourceRange };
  done.range = range;
  return problem ? { mount: done, problem } : { mount: done };
}

interface MutableMount {
  type: MountType;
  from?: string;
  source?: string;
  target?: string;
  readOnly: boolean;
  id?: string;
  sharing?: 'shared' | 'private' | 'locked';
  required?: boolean;
  mode?: number;
  uid?: number;
  gid?: number;
  size?: string;
  env?: string;
}

/** Parses one `--mount` value; returns the mount (best effort) and the first problem, if any. */
export function parseRunMount(value: string, range: SourceRange): { readonly mount: RunMount; readonly problem?: MountProblem } {
  const mount: MutableMount = { type: 'bind', readOnly: true };
  const csv = readCsvRecord(value);
  if ('error' in csv) {
    return finish(mount, range, {
      message: 'This --mount value is not valid CSV: check its quotes. Write it as key=value pairs separated by commas.',
      engine: `failed to parse csv mounts: ${csv.error}`,
      atParse: true,
    });
  }
  let readOnlyAuto = true;
  let typeKnown = true;
  let sharingGiven = false;

  for (const field of csv.fields) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      switch (key) {
        case 'readonly':
        case 'ro':
          mount.readOnly = true;
          readOnlyAuto = false;
          continue;
        case 'readwrite':
        case 'rw':
          mount.readOnly = false;
          readOnlyAuto = false;
          continue;
        case 'required':
          if (mount.type === 'secret' || mount.type === 'ssh') {
            mount.required = true;
            continue;
          }
          if (!typeKnown) continue;
          return finish(mount, range, laterProblem(`"required" applies only to secret and ssh mounts.`, `unexpected key '${key}' for mount type '${mount.type}'`));
        default:
          return finish(mount, range, 
            laterProblem(`Mount option "${field}" needs a value: write it as ${field}=<value>.`, `invalid field '${field}' must be a key=value pair`),
          );
      }
    }
    const raw = field.slice(eq + 1);
    if (key === 'from' && /\$[^\n]/.test(raw)) {
      return finish(mount, range, {
        message: 'The "from" of a mount cannot use a variable. Define a stage with FROM (using a global ARG) and mount from it.',
        engine: `'${key}' doesn't support variable expansion, define alias stage instead`,
        atParse: true,
      });
    }
    const dynamic = raw.indexOf('$') >= 0;
    switch (key) {
      case 'type': {
        if (dynamic) {
          typeKnown = false;
          break;
        }
        const type = raw.toLowerCase();
        if (!(MOUNT_TYPES as readonly string[]).includes(type)) {
          const match = suggest(raw, MOUNT_TYPES, true);
          return finish(mount, range, 
            laterProblem(
              `"${raw}" is not a mount type. Use bind, cache, tmpfs, secret or ssh.`,
              withSuggestion(`unsupported mount type ${goQuote(raw)}`, match),
            ),
          );
        }
        mount.type = type as MountType;
        break;
      }
      case 'from':
        mount.from = raw;
        break;
      case 'source':
      case 'src':
        mount.source = raw;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        mount.target = raw;
        break;
      case 'readonly':
      case 'ro':
      case 'readwrite':
      case 'rw': {
        readOnlyAuto = false;
        if (dynamic) break;
        const bool = parseGoBool(raw);
        if (bool === undefined) return finish(mount, range, invalidValue(key, raw));
        mount.readOnly = key === 'readonly' || key === 'ro' ? bool : !bool;
        break;
      }
      case 'required':
        if (mount.type !== 'secret' && mount.type !== 'ssh') {
          if (!typeKnown) break;
          return finish(mount, range, laterProblem(`"required" applies only to secret and ssh mounts.`, `unexpected key '${key}' for mount type '${mount.type}'`));
        }
        if (dynamic) break;
        {
          const bool = parseGoBool(raw);
          if (bool === undefined) return finish(mount, range, invalidValue(key, raw));
          mount.required = bool;
        }
        break;
      case 'size':
        if (mount.type !== 'tmpfs') {
          if (!typeKnown) break;
          return finish(mount, range, laterProblem(`"size" applies only to tmpfs mounts.`, `unexpected key '${key}' for mount type '${mount.type}'`));
        }
        if (!dynamic && !isRamSize(raw)) return finish(mount, range, invalidValue(key, raw));
        mount.size = raw;
        break;
      case 'id':
        mount.id = raw;
        break;
      case 'env':
        if (mount.type !== 'secret') {
          if (!typeKnown) break;
          return finish(mount, range, laterProblem(`"env" applies only to secret mounts.`, `unexpected key '${key}' for mount type '${mount.type}'`));
        }
        mount.env = raw;
        break;
      case 'sharing': {
        sharingGiven = true;
        if (dynamic) break;
        const sharing = raw.toLowerCase();
        if (!(SHARING as readonly string[]).includes(sharing)) {
          const match = suggest(raw, SHARING, true);
          return finish(mount, range, 
            laterProblem(
              `"${raw}" is not a sharing mode. Use shared, private or locked.`,
              withSuggestion(`unsupported sharing value ${goQuote(raw)}`, match),
            ),
          );
        }
        mount.sharing = sharing as MutableMount['sharing'] & string;
        break;
      }
      case 'mode':
      case 'uid':
      case 'gid': {
        if (dynamic) break;
        const parsed = parseGoUint(raw, key === 'mode' ? 8 : 10, 32);
        if ('error' in parsed) {
          return finish(mount, range, 
            laterProblem(
              key === 'mode' ? `Mount mode must be an octal number such as 0755, not "${raw}".` : `Mount ${key} must be a number, not "${raw}".`,
              `invalid value ${raw} for ${key}`,
            ),
          );
        }
        mount[key] = parsed.value;
        break;
      }
      default: {
        const match = suggest(key, ALL_KEYS, true);
        return finish(mount, range, 
          laterProblem(
            `"${key}" is not a mount option.${match === undefined ? '' : ` Did you mean "${match}"?`}`,
            withSuggestion(`unexpected key '${key}' in '${field}'`, match),
          ),
        );
      }
    }
  }
  if (!typeKnown) return finish(mount, range);
  const fileInfoAllowed = mount.type === 'secret' || mount.type === 'ssh' || mount.type === 'cache';
  if (!fileInfoAllowed) {
    for (const key of ['mode', 'uid', 'gid'] as const) {
      if (mount[key] !== undefined) {
        return finish(mount, range, laterProblem(`"${key}" is not allowed on a ${mount.type} mount.`, `${key} not allowed for ${goQuote(mount.type)} type mounts`));
      }
    }
  }
  if (readOnlyAuto) mount.readOnly = !(mount.type === 'cache' || mount.type === 'tmpfs');
  if (mount.type === 'secret') {
    if (mount.from !== undefined && mount.from !== '') {
      return finish(mount, range, laterProblem('A secret mount cannot have "from".', 'secret mount should not have a from'));
    }
    if (sharingGiven) return finish(mount, range, laterProblem('A secret mount cannot set "sharing".', 'secret mount should not define sharing'));
    if (!mount.source && !mount.target && !mount.id && mount.env === undefined) {
      return finish(mount, range, laterProblem('A secret mount needs an id, a target or an env.', 'invalid secret mount. one of source, target required'));
    }
    if (mount.source && mount.id) return finish(mount, range, laterProblem('Give a secret mount either source or id, not both.', "both source and id can't be set"));
  }
  if (sharingGiven && mount.type !== 'cache') {
    return finish(mount, range, laterProblem('"sharing" applies only to cache mounts.', `invalid cache sharing set for ${mount.type} mount`));
  }
  return finish(mount, range);
}
