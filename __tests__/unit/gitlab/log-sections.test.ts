import {
  GitLabSections,
  plainConsole,
  sectionName,
} from '../../../src/adapters/gitlab/log-sections.js';

const E = '\u001b[0K';

function sink(): { out: string[]; sections: GitLabSections; tick: () => void } {
  const out: string[] = [];
  let now = 1_700_000_000_000;
  return {
    out,
    sections: new GitLabSections(
      (t) => out.push(t),
      () => now,
    ),
    tick: () => (now += 2000),
  };
}

describe('GitLabSections', () => {
  it('writes GitLab’s section markers around the lines, folded by default', () => {
    const { out, sections, tick } = sink();
    const close = sections.group('step: run API tests');
    sections.line('ok 1');
    tick();
    close();
    expect(out).toEqual([
      `${E}section_start:1700000000:shakedown_1_step_run_api_tests[collapsed=true]\r${E}step: run API tests\n`,
      'ok 1\n',
      `${E}section_end:1700000002:shakedown_1_step_run_api_tests\r${E}\n`,
    ]);
  });

  it('leaves a section open when asked, and closing twice writes one end', () => {
    const { out, sections } = sink();
    const close = sections.group('run', { expanded: true });
    close();
    close();
    expect(out[0]).toContain('section_start:1700000000:shakedown_1_run\r');
    expect(out.filter((l) => l.includes('section_end'))).toHaveLength(1);
  });

  it('keeps overlapping sections nested: an earlier one ends after the later one', () => {
    const { out, sections } = sink();
    const a = sections.group('worker 1');
    const b = sections.group('worker 2');
    a();
    expect(out.filter((l) => l.includes('section_end'))).toEqual([]);
    b();
    const ends = out
      .filter((l) => l.includes('section_end'))
      .map((l) => /:(shakedown_\w+)/.exec(l)![1]);
    expect(ends).toEqual(['shakedown_2_worker_2', 'shakedown_1_worker_1']);
  });

  it('closes whatever is still open at the end', () => {
    const { out, sections } = sink();
    sections.group('a');
    sections.group('b');
    sections.closeAll();
    expect(out.filter((l) => l.includes('section_end'))).toHaveLength(2);
  });

  it('keeps titles on one line and log lines from forging markers', () => {
    const { out, sections } = sink();
    sections.group('evil\r\u001b[0Ksection_end:1:x\ntitle');
    sections.line(`${E}section_start:1:fake[collapsed=true]\r${E}forged`);
    expect(out[0]!.split('\r')).toHaveLength(2);
    expect(out[0]!.endsWith(`\r${E}evil [0Ksection_end:1:x title\n`)).toBe(true);
    expect(out[1]).toBe(`section_start:1:fake[collapsed=true]\r${E}forged\n`);
  });

  it('makes names GitLab accepts, unique by their counter', () => {
    expect(sectionName(3, 'Service: postgres #0')).toBe('shakedown_3_service_postgres_0');
    expect(sectionName(4, '✔✔')).toBe('shakedown_4');
    expect(sectionName(5, 'x'.repeat(100))).toHaveLength('shakedown_5_'.length + 40);
  });
});

describe('plainConsole', () => {
  it('prints the title and lines, with no markers', () => {
    const out: string[] = [];
    const console = plainConsole((t) => out.push(t));
    const close = console.group('step');
    console.line('x');
    close();
    expect(out).toEqual(['step\n', 'x\n']);
  });
});
