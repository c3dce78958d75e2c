import type { Reporter } from '../../src/report.js';
import type { Verification } from '../../src/envrepo/port.js';

export interface Captured {
  reporter: Reporter;
  lines: string[];
  masked: string[];
  infos: () => string[];
  all: () => string;
}

/** A reporter that keeps everything (raw, unredacted: tests check that secrets never reach it). */
export function capture(): Captured {
  const lines: string[] = [];
  const masked: string[] = [];
  const reporter: Reporter = {
    info: (m) => void lines.push(`info: ${m}`),
    warn: (m) => void lines.push(`warn: ${m}`),
    debug: (m) => void lines.push(`debug: ${m}`),
    group: (_t, fn) => fn(),
    summary: (m) => void lines.push(`summary: ${m}`),
    mask: (s) => void masked.push(s),
  };
  return {
    reporter,
    lines,
    masked,
    infos: () => lines.filter((l) => l.startsWith('info: ')).map((l) => l.slice(6)),
    all: () => lines.join('\n'),
  };
}

/** An EnvRepo that only records verifications. */
export function fakeRecorder(fail = false) {
  const recorded: { commit: string; v: Verification }[] = [];
  return {
    recorded,
    repo: {
      async recordVerification(commit: string, v: Verification): Promise<void> {
        if (fail) throw new Error('HTTP 500 from the forge');
        recorded.push({ commit, v });
      },
    },
  };
}
