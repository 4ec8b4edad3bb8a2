import { describe, expect, test } from 'vitest';
import { chooseHint, evaluateGoal, type LessonGoal } from '../../../src/core/lessons/index.ts';

const files = { 'src/a.txt': 'hello\n' };
const twoStage = (name: string): string => `FROM busybox:1.28 AS ${name}
WORKDIR /build
RUN dd if=/dev/zero of=/build/tool bs=1024 count=512
COPY src/ ./src/
RUN cat src/a.txt > out.txt

FROM busybox:1.28
COPY --from=${name} /build/out.txt /app/out.txt
`;
const goal = (extra: Partial<LessonGoal>): LessonGoal => ({ description: 'a test goal', builder: 'buildkit', mustSucceed: true, ...extra });
const failing = (df: string, g: LessonGoal, f: Record<string, string> = files): string[] =>
  evaluateGoal({ dockerfile: df, files: f }, g).checks.filter((c) => !c.passed).map((c) => c.id);

describe('evaluateGoal', () => {
  test('a copy-from goal holds whatever the build stage is called', () => {
    const g = goal({ mustCopyFrom: ['/build/out.txt'], finalImageHas: ['/app/out.txt'], finalImageLacks: ['/build'], minStages: 2 });
    expect(failing(twoStage('build'), g)).toEqual([]);
    expect(failing(twoStage('compile'), g)).toEqual([]);
  });

  test('a parse error fails the goal with one check and no build', () => {
    const e = evaluateGoal({ dockerfile: 'FROM busybox:1.28\nCOPY\n', files }, goal({}));
    expect(e.passed).toBe(false);
    expect(e.checks.map((c) => c.id)).toEqual(['parses']);
  });

  test('a failed build fails the succeeds check with the engine message', () => {
    const e = evaluateGoal({ dockerfile: 'FROM busybox:1.28\nCOPY --from=0 /nope /x\nFROM busybox:1.28\nCOPY --from=0 /missing /x\n', files }, goal({}));
    const c = e.checks.find((x) => x.id === 'succeeds');
    expect(c?.passed).toBe(false);
    expect(c?.message).toMatch(/fails with BuildKit/);
  });

  test('the size limit is checked against the simulated image size', () => {
    expect(failing(twoStage('b'), goal({ maxSizeBytes: 1_000_000 }))).toEqual(['maxSizeBytes']);
    expect(failing(twoStage('b'), goal({ maxSizeBytes: 2_000_000 }))).toEqual([]);
  });

  test('a final stage on a JDK image has build tools, one on a JRE does not, also through FROM <stage>', () => {
    const g = goal({ finalStageWithoutBuildTools: true, mustSucceed: false });
    expect(failing('FROM eclipse-temurin:17-jdk\n', g)).toEqual(['finalStageWithoutBuildTools']);
    expect(failing('FROM eclipse-temurin:17-jre-alpine AS rt\nFROM rt\n', g)).toEqual([]);
    expect(failing('FROM scratch\nCOPY src/a.txt /a\n', g)).toEqual([]);
  });

  test('noLatest catches an untagged and an explicit latest image but not a stage name', () => {
    const g = goal({ noLatest: true, mustSucceed: false });
    expect(failing('FROM busybox\n', g)).toEqual(['noLatest']);
    expect(failing('FROM busybox:latest\n', g)).toEqual(['noLatest']);
    expect(failing('FROM busybox:1.28 AS base\nFROM base\n', g)).toEqual([]);
  });

  test('a target that skips the test stage passes with BuildKit and fails with the legacy builder when the test stage comes first', () => {
    const df = `FROM busybox:1.28 AS base\nRUN echo base > /b\nFROM base AS checks\nRUN echo run-tests > /t\nFROM base AS release\nRUN echo rel > /r\n`;
    expect(failing(df, goal({ target: 'release', targetSkipsStageMatching: 'run-tests' }))).toEqual([]);
    expect(failing(df, goal({ builder: 'legacy', target: 'release', targetSkipsStageMatching: 'run-tests' }))).toEqual(['targetSkipsStageMatching']);
  });

  test('deleting the test stage does not satisfy a goal that skips it', () => {
    expect(failing('FROM busybox:1.28\nRUN echo hi > /x\n', goal({ targetSkipsStageMatching: 'run-tests' }))).toEqual(['targetSkipsStageMatching']);
  });

  test('a step before the COPY of the edited file stays cached; one after it does not', () => {
    const g = goal({ cachedAfterEditing: 'src/a.txt', stepStaysCached: 'dd if' });
    expect(failing(twoStage('b'), g)).toEqual([]);
    const copyFirst = 'FROM busybox:1.28\nCOPY src/ /src/\nRUN dd if=/dev/zero of=/tool bs=1024 count=4\n';
    expect(failing(copyFirst, g)).toEqual(['cachedAfterEditing']);
  });

  test('a build arg declared late keeps the earlier RUN cached when it changes', () => {
    const late = 'FROM busybox:1.28\nRUN dd if=/dev/zero of=/deps bs=1024 count=4\nARG VERSION=1\nRUN echo $VERSION > /v\n';
    const early = 'FROM busybox:1.28\nARG VERSION=1\nRUN dd if=/dev/zero of=/deps bs=1024 count=4\nRUN echo $VERSION > /v\n';
    const g = goal({ cachedAfterBuildArgs: { VERSION: '2' }, stepStaysCached: 'dd if' });
    expect(failing(late, g)).toEqual([]);
    expect(failing(early, g)).toEqual(['cachedAfterBuildArgs']);
  });

  test('an ARG in the final stage leaks a secret; a value used only in another stage does not', () => {
    const g = goal({ buildArgs: { TOKEN: 'tok-123' }, noSecretInHistory: ['TOKEN'] });
    expect(failing('FROM busybox:1.28\nARG TOKEN\nRUN echo $TOKEN > /dev/null && echo ok > /x\n', g)).toEqual(['noSecretInHistory']);
    expect(failing('FROM busybox:1.28 AS b\nARG TOKEN\nRUN echo ok > /x\nFROM busybox:1.28\nCOPY --from=b /x /x\n', g)).toEqual([]);
  });

  test('a global ARG reaches ENV only when the stage declares it again', () => {
    const g = goal({ finalEnv: { APP_VERSION: '1.2.3' } });
    expect(failing('ARG VERSION=1.2.3\nFROM busybox:1.28\nENV APP_VERSION=$VERSION\n', g)).toEqual(['finalEnv']);
    expect(failing('ARG VERSION=1.2.3\nFROM busybox:1.28\nARG VERSION\nENV APP_VERSION=$VERSION\n', g)).toEqual([]);
  });

  test('Dockerfile patterns are matched case-insensitively', () => {
    const g = goal({ mustSucceed: false, dockerfileMatches: [{ pattern: '--platform=\\$BUILDPLATFORM', description: 'a build stage on the build platform' }] });
    expect(failing('FROM --platform=$BUILDPLATFORM busybox:1.28\n', g)).toEqual([]);
    expect(failing('FROM busybox:1.28\n', g)).toEqual(['dockerfileMatches']);
  });
});

describe('chooseHint', () => {
  test('the focus follows the first failing check, and hints advance with what was shown', () => {
    const g = goal({ maxSizeBytes: 1_000_000, finalImageHas: ['/app/out.txt'] });
    const broken = evaluateGoal({ dockerfile: 'FROM busybox:1.28\nCOPY --from=busybox:1.28 /nope /x\n', files }, g);
    const big = evaluateGoal({ dockerfile: twoStage('b'), files }, g);
    expect(chooseHint(broken, ['one', 'two'], 0)).toMatchObject({ hintIndex: 0, hint: 'one', focus: { id: 'succeeds' } });
    expect(chooseHint(big, ['one', 'two'], 5)).toMatchObject({ hintIndex: 1, hint: 'two', focus: { id: 'maxSizeBytes' } });
  });

  test('a met goal has no focus and no hint', () => {
    const e = evaluateGoal({ dockerfile: twoStage('b'), files }, goal({}));
    expect(chooseHint(e, ['one'], 0)).toMatchObject({ focus: null, hint: null });
  });
});
