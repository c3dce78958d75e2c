/**
 * Keeping secrets out of what we print: registered values become `***`, credentials written in a
 * URL are masked or dropped, and a URL shown in a message loses its query. The one place that
 * decides what redacted text looks like (reporters, git, the forge clients, the gates).
 */

/** Shorter values would redact ordinary words; tokens are never that short. */
const MIN_SECRET_LENGTH = 4;

/** Replace every occurrence of each secret by `***`. */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= MIN_SECRET_LENGTH) out = out.split(s).join('***');
  return out;
}

/** `scheme://user:token@host` → `scheme://***@host`, anywhere in a text. */
export function maskUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi, '$1***@');
}

/** `scheme://user:token@host/…` → `scheme://host/…`: a URL the user gave, shown without its credentials. */
export function stripUrlCredentials(url: string): string {
  return url.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@]*@/gi, '$1');
}

/** A URL for messages: no userinfo, no query (a query may carry names but never secrets; keep it short). */
export function urlForMessage(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return '<url>';
  }
}

/** Replaces every registered secret, and credentials in URLs, in a string. Shared by the faces' reporters. */
export class Redactor {
  private readonly secrets = new Set<string>();
  add(secret: string | undefined): void {
    if (secret && secret.length >= MIN_SECRET_LENGTH) this.secrets.add(secret);
  }
  redact(text: string): string {
    return maskUrlCredentials(redactSecrets(text, this.secrets));
  }
}
