/** What stands in for a hidden password or token. */
export const HIDDEN = '***';

/** `scheme://` and the authority after it (up to the first `/`, `?` or `#`), as git and curl split a URL. */
const SCHEME_AUTHORITY = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i;

/** Any `scheme://userinfo@` inside a text (a git message quoting the URL): the userinfo is group 2. */
const URL_USERINFO_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#'"`<>]*)@/gi;

/** Schemes whose user name is a login, not a secret (the key or agent authenticates): the name is kept. */
const LOGIN_SCHEMES = new Set(['ssh', 'git+ssh', 'ssh+git']);

/** Shorter secrets are hidden only where they stand in a URL: replacing them everywhere would garble the text. */
const MIN_LOOSE_SECRET = 4;

interface Userinfo {
  /** The user name as written (percent-encoding kept). */
  readonly user: string;
  /** The password or token as written; undefined when the userinfo has no `:`. */
  readonly password: string | undefined;
}

/**
 * The userinfo of a URL: from Node's WHATWG `URL` when it parses the source, else (a URL git takes but WHATWG refuses,
 * such as `file://u:p@/path`) from the authority's text before its last `@`. Undefined without one.
 */
function userinfoOf(source: string): Userinfo | undefined {
  if (!SCHEME_AUTHORITY.test(source)) return undefined;
  try {
    const url = new URL(source);
    if (url.username === '' && url.password === '') return undefined;
    return { user: url.username, password: url.password === '' ? undefined : url.password };
  } catch {
    const authority = SCHEME_AUTHORITY.exec(source)?.[2] ?? '';
    const at = authority.lastIndexOf('@');
    if (at < 0) return undefined;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    return colon < 0 ? { user: userinfo, password: undefined } : { user: userinfo.slice(0, colon), password: userinfo.slice(colon + 1) };
  }
}

/** The userinfo as shown: a password or token becomes `***`; a user alone is hidden too, but on ssh, where it is a login. */
function maskUserinfo(scheme: string, user: string, hasPassword: boolean): string {
  if (hasPassword) return `${user}:${HIDDEN}`;
  return LOGIN_SCHEMES.has(scheme.toLowerCase()) ? user : HIDDEN;
}

/**
 * A submission as every report, progress line and message shows it: a URL's password or token replaced by `***`
 * (`https://x-access-token:***@host/x.git`), a user name with no password (a bare token) too (`https://***@host/x.git`),
 * except on ssh, where it is a login. Everything else is kept as given: paths, scp-like `user@host:path` (it has no
 * password), URLs without userinfo. The real source is still what is cloned. Idempotent.
 */
export function submissionLabel(source: string): string {
  const found = SCHEME_AUTHORITY.exec(source);
  const info = userinfoOf(source);
  if (found === null || info === undefined) return source;
  const [whole, scheme = '', authority = ''] = found;
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return `${scheme}://${maskUserinfo(scheme, info.user, info.password !== undefined)}@${host}${source.slice(whole.length)}`;
}

/** The secrets of a source (password, or a bare token user), as written and percent-decoded. */
function secretsOf(source: string): string[] {
  const info = userinfoOf(source);
  if (info === undefined) return [];
  const scheme = SCHEME_AUTHORITY.exec(source)?.[1] ?? '';
  const secret = info.password ?? (LOGIN_SCHEMES.has(scheme.toLowerCase()) ? undefined : info.user);
  if (secret === undefined || secret === HIDDEN) return [];
  let decoded = secret;
  try {
    decoded = decodeURIComponent(secret);
  } catch {
    // not valid percent-encoding: only the text as written can appear
  }
  return [...new Set([secret, decoded])].filter((text) => text.length >= MIN_LOOSE_SECRET);
}

/**
 * A text to show (git's stderr, an error message) with every URL's password or token in it masked as
 * `submissionLabel` masks it, and the source's own secrets hidden wherever they appear. `source` is what was graded.
 */
export function scrubSecrets(text: string, source: string): string {
  let scrubbed = text.split(source).join(submissionLabel(source));
  scrubbed = scrubbed.replace(URL_USERINFO_IN_TEXT, (_match, prefix: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    const scheme = prefix.slice(0, -3);
    return `${prefix}${maskUserinfo(scheme, colon < 0 ? userinfo : userinfo.slice(0, colon), colon >= 0)}@`;
  });
  for (const secret of secretsOf(source)) scrubbed = scrubbed.split(secret).join(HIDDEN);
  return scrubbed;
}
