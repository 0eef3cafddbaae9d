// Splits an INI host line into words as Ansible does (Python's shlex.split in
// POSIX mode with comments on), keeping each word's column for error messages.
// The npm `shlex` port knows no comments or positions and reads $'…' as Bash
// does, which Ansible does not, hence this small lexer.

export interface Word {
  text: string;
  /** 0-based offset of the word's first character in the line. */
  start: number;
}

export type SplitResult = { words: Word[] } | { error: string; at: number };

const SPACE = /[ \t\r\n]/;

export function splitWords(line: string): SplitResult {
  const words: Word[] = [];
  let text = '';
  let start = -1;
  let i = 0;
  const end = (): void => {
    if (start >= 0) words.push({ text, start });
    text = '';
    start = -1;
  };
  while (i < line.length) {
    const c = line[i] as string;
    if (SPACE.test(c)) {
      end();
      i++;
      continue;
    }
    // A # outside quotes ends the line, inside a word too (`pass=ab#c` is `pass=ab`).
    if (c === '#') break;
    if (start < 0) start = i;
    if (c === "'" || c === '"') {
      const close = quoted(line, i, c);
      if ('error' in close) return close;
      text += close.text;
      i = close.next;
    } else if (c === '\\') {
      if (i + 1 >= line.length) return { error: 'a \\ at the end of the line escapes nothing', at: i };
      text += line[i + 1];
      i += 2;
    } else {
      text += c;
      i++;
    }
  }
  end();
  return { words };
}

// Inside '…' nothing is special; inside "…" a backslash escapes only " and \.
function quoted(
  line: string,
  open: number,
  quote: string,
): { text: string; next: number } | { error: string; at: number } {
  let text = '';
  for (let i = open + 1; i < line.length; i++) {
    const c = line[i] as string;
    if (c === quote) return { text, next: i + 1 };
    if (quote === '"' && c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
      text += line[++i];
      continue;
    }
    text += c;
  }
  return { error: `the quote ${quote} is never closed`, at: open };
}
