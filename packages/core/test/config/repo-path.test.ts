import { assertRepoPath } from '../../src/config/repo-path.js';
import { InputError } from '../../src/errors.js';

function rejection(path: string, input?: string): InputError {
  try {
    assertRepoPath(path, input);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(2);
    return err as InputError;
  }
  throw new Error(`assertRepoPath accepted ${JSON.stringify(path)}`);
}

describe('assertRepoPath', () => {
  test.each([
    ['overlays/dev/payments/values.yaml', 'overlays/dev/payments/values.yaml'],
    ['values.yaml', 'values.yaml'],
    ['./values.yaml', 'values.yaml'],
    ['overlays//dev/./values.yaml', 'overlays/dev/values.yaml'],
    ['overlays/staging/../dev/values.yaml', 'overlays/dev/values.yaml'],
    ['a/b/../../c.yaml', 'c.yaml'],
    ['overlays/dev/', 'overlays/dev'],
    ['apps/my app/values.yaml', 'apps/my app/values.yaml'],
    ['..values.yaml', '..values.yaml'],
    ['a/.gitkeep', 'a/.gitkeep'],
  ])('%s → %s', (input, expected) => {
    expect(assertRepoPath(input)).toBe(expected);
  });

  test.each([
    ['../x', '--file "../x" leaves the repository'],
    ['/etc/passwd', '--file "/etc/passwd" is absolute'],
    ['a/../../b', '--file "a/../../b" leaves the repository'],
    ['a\\b', '--file "a\\\\b" uses "\\"'],
    ['..\\x', '--file "..\\\\x" uses "\\"'],
    ['C:/Windows/x.yaml', '--file "C:/Windows/x.yaml" is absolute'],
    ['', '--file is empty'],
    ['   ', '--file is empty'],
    ['.', '--file "." names the repository root, not a file'],
    ['a/..', '--file "a/.." names the repository root, not a file'],
    ['values\u0000.yaml', '--file "values\\u0000.yaml" holds a control character'],
    ['values.yaml\n', '--file "values.yaml\\n" holds a control character'],
    ['a/\u001b[31m.yaml', '--file "a/\\u001b[31m.yaml" holds a control character'],
    ['.git/config', '--file ".git/config" points into .git'],
    ['sub/.GIT/hooks/pre-commit', '--file "sub/.GIT/hooks/pre-commit" points into .git'],
  ])('rejects %j', (input, message) => {
    const err = rejection(input);
    expect(err.message).toBe(message);
    expect(err.fix).toBeTruthy();
  });

  test('names the input it checks', () => {
    expect(rejection('../x', 'file in gitops.yaml').message).toBe('file in gitops.yaml "../x" leaves the repository');
  });
});
