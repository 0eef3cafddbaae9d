// The text edit of community.general's ini_file (the collection shipped with
// ansible 7 / ansible-core 2.14, ported from its do_ini): an option set to one
// or more values (or removed) in a [section], or the whole section removed. The
// lines and order of the file are kept; msg is the module's.

export interface IniEdit {
  section?: string;
  option?: string;
  values: string[];
  present: boolean;
  exclusive: boolean;
  noExtraSpaces: boolean;
  allowNoValue: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
// A commented-out option counts as the option's place (match_opt); only an active one is removed (match_active_opt).
const matchOpt = (option: string, line: string) =>
  new RegExp(`^[#;]?( |\\t)*(${escapeRegExp(option)})( |\\t)*(=|$)( |\\t)*(.*)`).exec(line.replace(/\n$/, ''));
const matchActive = (option: string, line: string) =>
  new RegExp(`^( |\\t)*(${escapeRegExp(option)})( |\\t)*(=|$)( |\\t)*(.*)`).exec(line.replace(/\n$/, ''));
const FAKE = 'ad01e11446efb704fcdbdb21f2c43757423d91c5';

export function editIni(old: string, e: IniEdit): { text: string; changed: boolean; msg: string } {
  const values = [...new Set(e.values)];
  const lines = old === '' ? ['\n'] : (old.match(/[^\n]*\n|[^\n]+$/g) ?? []);
  let changed = false;
  if (!lines.at(-1)!.endsWith('\n')) {
    lines[lines.length - 1] += '\n';
    changed = true;
  }
  lines.unshift(`[${FAKE}]`);
  lines.push('[');
  const section = e.section || FAKE;
  const option = e.option;
  let within = false;
  let start = 0;
  let end = 0;
  for (const [i, line] of lines.entries()) {
    if (line.startsWith(`[${section}]`)) {
      within = true;
      start = i;
    } else if (line.startsWith('[') && within) {
      end = i;
      break;
    }
  }
  const before = lines.slice(0, start);
  let body = lines.slice(start, end);
  const after = lines.slice(end);
  const touched = body.map(() => false);
  let msg = 'OK';
  const assign = (v: string) => (e.noExtraSpaces ? `${option}=${v}\n` : `${option} = ${v}\n`);
  const update = (i: number, line: string) => {
    if (body[i] !== line) {
      changed = true;
      msg = 'option changed';
    }
    body[i] = line;
    touched[i] = true;
  };
  let noValuePresent = false;
  if (e.present && option) {
    for (const [i, line] of body.entries()) {
      const m = matchOpt(option, line);
      if (!m) continue;
      const value = m[6]!;
      if (values.length > 0 && values.includes(value)) {
        if (!value && e.allowNoValue) {
          update(i, `${option}\n`);
          noValuePresent = true;
        } else update(i, assign(value));
        values.splice(values.indexOf(value), 1);
      } else if (values.length === 0 && e.allowNoValue) {
        update(i, `${option}\n`);
        noValuePresent = true;
        break;
      }
    }
  }
  if (e.present && e.exclusive && !e.allowNoValue && option) {
    for (let i = 0; i < body.length && values.length > 0; i++) {
      if (!touched[i] && matchOpt(option, body[i]!)) update(i, assign(values.shift()!));
    }
    for (let i = body.length - 1; i > 0; i--) {
      if (!touched[i] && matchOpt(option, body[i]!)) {
        body.splice(i, 1);
        touched.splice(i, 1);
        changed = true;
        msg = 'option changed';
      }
    }
  }
  if (e.present) {
    // New values go after the section's last line that is neither blank nor a comment.
    for (let i = body.length; i > 0; i--) {
      if (/^[ \t]*([#;].*)?$/.test(body[i - 1]!.replace(/\n$/, ''))) continue;
      if (option && values.length > 0) {
        body.splice(i, 0, ...values.map(assign));
        msg = 'option added';
        changed = true;
      } else if (option && values.length === 0 && e.allowNoValue && !noValuePresent) {
        body.splice(i, 0, `${option}\n`);
        msg = 'option added';
        changed = true;
      }
      break;
    }
  } else if (option) {
    const kept = body.filter(
      (l) => !(matchActive(option, l) && (e.exclusive || values.includes(matchActive(option, l)![6]!))),
    );
    if ((e.exclusive || values.length > 0) && kept.length !== body.length) {
      changed = true;
      msg = 'option changed';
      body = kept;
    }
  } else if (body.length > 0) {
    body = [];
    msg = 'section removed';
    changed = true;
  }
  const out = [...before, ...body, ...after].slice(1, -1);
  if (!within && e.present) {
    out.push(`[${section}]\n`);
    msg = 'section and option added';
    if (option && values.length > 0) out.push(...values.map(assign));
    else if (option && e.allowNoValue) out.push(`${option}\n`);
    else msg = 'only section added';
    changed = true;
  }
  return { text: out.join(''), changed, msg };
}
