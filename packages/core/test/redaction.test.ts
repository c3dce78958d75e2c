import { maskUrlCredentials, redactSecrets, Redactor, stripUrlCredentials, urlForMessage } from '../src/redaction.js';

describe('redaction', () => {
  it('replaces every occurrence of each secret, but not values too short to be tokens', () => {
    expect(redactSecrets('tok-123 and again tok-123; abc stays', ['tok-123', 'abc', undefined, ''])).toBe('*** and again ***; abc stays');
  });

  it('masks credentials written in URLs anywhere in a text, keeping the host', () => {
    expect(maskUrlCredentials('fetch https://x-access-token:ghp_secret@github.com/o/n.git failed; see ssh://git@host/r')).toBe(
      'fetch https://***@github.com/o/n.git failed; see ssh://***@host/r',
    );
    expect(maskUrlCredentials('mail me at someone@example.com')).toBe('mail me at someone@example.com');
  });

  it('drops the credentials of a URL the user gave (token-only, user:token, ssh user)', () => {
    expect(stripUrlCredentials('https://ghp_secret@github.com/o/n.git')).toBe('https://github.com/o/n.git');
    expect(stripUrlCredentials('https://oauth2:glpat-secret@gitlab.example/g/n')).toBe('https://gitlab.example/g/n');
    expect(stripUrlCredentials('ssh://git@host:22/r.git')).toBe('ssh://host:22/r.git');
    expect(stripUrlCredentials('https://host/path@v1')).toBe('https://host/path@v1');
    expect(stripUrlCredentials('acme/env')).toBe('acme/env');
  });

  it('shows a URL in a message without userinfo and query, and never echoes what is not a URL', () => {
    expect(urlForMessage('https://user:pw@argocd.example/api/v1/applications/a?refresh=hard')).toBe('https://argocd.example/api/v1/applications/a');
    expect(urlForMessage('not a url with secret')).toBe('<url>');
  });

  it('Redactor: registered secrets, then URL credentials', () => {
    const r = new Redactor();
    r.add('s3cr3t-token');
    r.add('ab');
    expect(r.redact('Authorization: Bearer s3cr3t-token for https://u:p@h/x (ab)')).toBe('Authorization: Bearer *** for https://***@h/x (ab)');
  });
});
