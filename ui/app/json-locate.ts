// Where a path (["phases", 2, "window"]) lies in a JSON text, so the editor can put a
// validation issue on its line; and where JSON.parse stopped, for syntax errors.

export type Position = { offset: number; line: number; column: number };

/** Line and column (1-based) of an offset. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  return { offset, line, column: offset - last };
}

/**
 * Offsets of every value in the text by path key (`phases.2.window`); a member's offset
 * is that of its key, where a reader looks. Stops quietly at the first syntax error.
 */
export function valueOffsets(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const fail = () => {
    throw new SyntaxError('stop');
  };
  const string = (): string => {
    if (text[i] !== '"') fail();
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string, at: number) => {
    ws();
    if (!out.has(path)) out.set(path, at >= 0 ? at : i);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        const keyAt = i;
        const key = string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(path ? `${path}.${key}` : key, keyAt);
        ws();
        if (text[i] === ',') (i++);
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(path ? `${path}.${n}` : String(n), -1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return void string();
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 40));
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value('', -1);
  } catch {
    // what was read so far is kept
  }
  return out;
}

/** The position of a path, or of its nearest ancestor present in the text (a missing member is reported at its object). */
export function locate(text: string, path: readonly (string | number)[], offsets = valueOffsets(text)): Position | undefined {
  for (let n = path.length; n >= 0; n--) {
    const at = offsets.get(path.slice(0, n).join('.'));
    if (at !== undefined) return positionOf(text, at);
  }
  return undefined;
}

/** Where JSON.parse stopped, from its message (`at position 123`, or `(line 4 column 7)`). */
export function syntaxErrorPosition(text: string, message: string): Position | undefined {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) {
    const line = Number(lc[1]);
    const column = Number(lc[2]);
    let offset = 0;
    for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
    return { offset: offset + column - 1, line, column };
  }
  const pos = /position (\d+)/.exec(message);
  if (pos) return positionOf(text, Number(pos[1]));
  if (/end of (JSON )?input/i.test(message)) return positionOf(text, text.length);
  return undefined;
}
