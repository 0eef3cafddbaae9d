// The text edit of Ansible's blockinfile (ansible-core 2.14, read from its
// source): find the BEGIN and END marker lines (whole lines, last of each);
// when both are there the block between them (markers included) is replaced in
// place, else the new block goes after the last line matching insertafter (EOF
// by default) or before the last line matching insertbefore (BOF), at the end
// when no line matches. An empty block, or state absent, removes it.

export interface BlockEdit {
  block: string;
  present: boolean;
  /** The marker lines, `{mark}` already replaced, without a line end. */
  begin: string;
  end: string;
  insertafter?: string;
  insertbefore?: string;
}

/** A pattern as Ansible writes it; a leading `(?m)` (Python's MULTILINE) becomes the m flag. */
export function blockRegex(source: string): { re: RegExp; multiline: boolean } {
  const multiline = source.startsWith('(?m)');
  return { re: new RegExp(multiline ? source.slice(4) : source, multiline ? 'm' : ''), multiline };
}

/** Lines with their endings, as Python's bytes.splitlines(True). */
function splitKeep(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

const withoutEnd = (line: string) => line.replace(/(?:\r\n|\r|\n)$/, '');

export function editBlock(old: string, e: BlockEdit): string {
  const lines = splitKeep(old);
  const body = e.block.endsWith('\n') ? e.block : e.block + '\n';
  const blockLines = e.present && e.block !== '' ? [e.begin + '\n', ...splitKeep(body), e.end + '\n'] : [];
  let n0: number | undefined;
  let n1: number | undefined;
  lines.forEach((line, i) => {
    if (line === e.begin + '\n') n0 = i;
    if (line === e.end + '\n') n1 = i;
  });
  if (n0 === undefined || n1 === undefined) {
    n0 = insertionPoint(old, lines, e);
  } else if (n0 < n1) {
    lines.splice(n0, n1 - n0 + 1);
  } else {
    lines.splice(n1, n0 - n1 + 1);
    n0 = n1;
  }
  // The line before the block gets a line end if it had none (the file's last line).
  if (n0 > 0 && !/[\r\n]$/.test(lines[n0 - 1]!)) lines[n0 - 1] += '\n';
  lines.splice(n0, 0, ...blockLines);
  return lines.join('');
}

function insertionPoint(old: string, lines: string[], e: BlockEdit): number {
  const after = e.insertafter ?? (e.insertbefore === undefined ? 'EOF' : undefined);
  const pattern =
    after !== undefined && after !== 'EOF'
      ? after
      : e.insertbefore !== undefined && e.insertbefore !== 'BOF'
        ? e.insertbefore
        : undefined;
  if (pattern === undefined) return e.insertbefore !== undefined ? 0 : lines.length;
  const { re, multiline } = blockRegex(pattern);
  let n0: number | undefined;
  if (multiline) {
    const m = re.exec(old);
    if (m) n0 = (old.slice(0, after !== undefined ? m.index + m[0].length : m.index).match(/\n/g) ?? []).length;
  } else {
    lines.forEach((line, i) => {
      if (re.test(withoutEnd(line))) n0 = i;
    });
  }
  if (n0 === undefined) return lines.length;
  return after !== undefined ? n0 + 1 : n0;
}
