/**
 * A small MIME reader for what nodemailer writes (mailparser is not installed): headers with
 * RFC 2047 encoded words, a single part or a multipart/alternative with a text and an HTML part,
 * quoted-printable, base64 or 7bit, UTF-8.
 */

export interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  contentType: string;
  text: string;
  html: string;
}

export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitEntity(raw);
  const contentType = headers.get('content-type') ?? 'text/plain';
  const parts = contentType.toLowerCase().startsWith('multipart/') ? multipartParts(body, boundaryOf(contentType)) : [{ headers, body }];
  let text = '';
  let html = '';
  for (const part of parts) {
    const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
    const decoded = decodeBody(part.body, part.headers.get('content-transfer-encoding') ?? '7bit');
    if (type.startsWith('text/plain')) text = decoded;
    else if (type.startsWith('text/html')) html = decoded;
  }
  return { headers, subject: decodeWords(headers.get('subject') ?? ''), contentType, text, html };
}

// --- internal ---

function splitEntity(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  // Unfold: a line starting with white space continues the header before it.
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function boundaryOf(contentType: string): string {
  const match = /boundary="?([^";]+)"?/i.exec(contentType);
  if (!match) throw new Error(`no boundary in ${contentType}`);
  return match[1]!;
}

function multipartParts(body: string, boundary: string): { headers: Map<string, string>; body: string }[] {
  const sections = body.split(`--${boundary}`);
  // Before the first boundary: the preamble; from `--boundary--` on: the epilogue.
  return sections
    .slice(1)
    .filter((s) => !s.startsWith('--'))
    .map((s) => splitEntity(s.replace(/^\r?\n/, '').replace(/\r?\n$/, '')));
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body.replace(/=\r?\n/g, ''));
    default:
      return body;
  }
}

function decodeQuotedPrintable(value: string): string {
  return qpBytes(value).toString('utf8');
}

function qpBytes(value: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '=' && /^[0-9A-F]{2}$/i.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(value[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** `=?UTF-8?Q?...?=` and `=?UTF-8?B?...?=`; white space between two encoded words is dropped. */
function decodeWords(value: string): string {
  const joined = value.replace(/(\?=)\s+(=\?)/g, '$1$2');
  // Adjacent words may split one UTF-8 character: decode the bytes of a run together.
  return joined.replace(/(?:=\?[^?]+\?[QqBb]\?[^?]*\?=)+/g, (run) => {
    const bytes: Buffer[] = [];
    for (const [, , kind, data] of run.matchAll(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g)) {
      if (kind!.toUpperCase() === 'B') bytes.push(Buffer.from(data!, 'base64'));
      else bytes.push(qpBytes(data!.replace(/_/g, ' ')));
    }
    return Buffer.concat(bytes).toString('utf8');
  });
}
