// Short hover documentation for Dockerfile instructions and their flags, written for learners and
// faithful to the Dockerfile reference (docs.docker.com/reference/dockerfile/).

export interface InstructionDoc {
  readonly summary: string;
  readonly flags: Readonly<Record<string, string>>;
}

const REF = 'https://docs.docker.com/reference/dockerfile/';

export const INSTRUCTION_DOCS: Readonly<Record<string, InstructionDoc>> = {
  FROM: {
    summary: 'Starts a new build stage from a base image (or `scratch`, or an earlier stage). `AS name` names the stage so `COPY --from=name` and `--target name` can refer to it. The image `docker build` produces is the last stage, unless `--target` picks another.',
    flags: { platform: '`--platform=linux/arm64`: the platform of the base image to pull (multi-platform images).' },
  },
  RUN: {
    summary: 'Runs a command in a container from the current image and commits the filesystem changes as a new layer. The cache key is the command text: a RUN is reused from the cache until its text, or anything before it, changes.',
    flags: {
      mount: '`--mount=type=cache|bind|secret|ssh,...` (BuildKit): mounts something only while the command runs; nothing of it lands in the layer.',
      network: '`--network=default|none|host` (BuildKit): the network the command runs with.',
      security: '`--security=insecure|sandbox` (BuildKit, needs an entitlement).',
    },
  },
  COPY: {
    summary: 'Copies files from the build context (or with `--from` from another stage or image) into the image, as a new layer. Its cache key is the content of the files copied, so editing a copied file invalidates this step and everything after it.',
    flags: {
      from: '`--from=<stage|image>`: copy from an earlier stage (by name or index) or from an image instead of the build context. This is how a multi-stage build picks only the artifacts the final image needs.',
      chown: '`--chown=user:group`: owner of the copied files.',
      chmod: '`--chmod=755`: permission bits of the copied files.',
      link: '`--link` (BuildKit): copy into an independent layer, so the layer stays reusable when earlier layers change.',
      parents: '`--parents`: keep the source directories\' structure.',
      exclude: '`--exclude=<pattern>`: leave matching files out.',
    },
  },
  ADD: {
    summary: 'Like COPY, but also fetches URLs and git repositories and unpacks local tar archives. Prefer COPY unless you need one of these.',
    flags: {
      chown: '`--chown=user:group`: owner of the added files.',
      chmod: '`--chmod=755`: permission bits of the added files.',
      link: '`--link` (BuildKit): add into an independent layer.',
      checksum: '`--checksum=sha256:…`: verify a remote file.',
      'keep-git-dir': '`--keep-git-dir`: keep the .git directory of a git source.',
    },
  },
  WORKDIR: { summary: 'Sets the working directory for the following RUN, CMD, ENTRYPOINT, COPY and ADD, creating it if needed.', flags: {} },
  ENV: { summary: 'Sets environment variables for the following steps and in the final image (every stage keeps its own).', flags: {} },
  ARG: { summary: 'Declares a build argument (`--build-arg NAME=value`). Before the first FROM it is visible only to FROM lines; redeclare it inside a stage to use it there. Changing its value invalidates the RUN steps that use it.', flags: {} },
  CMD: { summary: 'The default command of a container started from the image (only the last CMD counts). Exec form `["prog", "arg"]` runs without a shell.', flags: {} },
  ENTRYPOINT: { summary: 'The program a container runs; CMD (or `docker run` arguments) become its arguments.', flags: {} },
  EXPOSE: { summary: 'Documents the ports the container listens on (metadata only; publish with `docker run -p`).', flags: {} },
  LABEL: { summary: 'Adds key=value metadata to the image.', flags: {} },
  USER: { summary: 'Sets the user (and group) for the following RUN, CMD and ENTRYPOINT.', flags: {} },
  VOLUME: { summary: 'Declares a mount point; data written there at run time lives outside the container layer.', flags: {} },
  SHELL: { summary: 'Changes the shell used by shell-form RUN, CMD and ENTRYPOINT.', flags: {} },
  HEALTHCHECK: {
    summary: 'Tells Docker how to test that the container still works.',
    flags: { interval: '`--interval=30s`', timeout: '`--timeout=30s`', 'start-period': '`--start-period=0s`', 'start-interval': '`--start-interval=5s`', retries: '`--retries=3`' },
  },
  ONBUILD: { summary: 'Registers an instruction to run when another build uses this image as its base.', flags: {} },
  STOPSIGNAL: { summary: 'The signal `docker stop` sends to the container.', flags: {} },
  MAINTAINER: { summary: 'Deprecated: use `LABEL org.opencontainers.image.authors=…`.', flags: {} },
};

/** Returns the reference URL for an instruction. */
export function instructionUrl(keyword: string): string {
  return `${REF}#${keyword.toLowerCase()}`;
}

/** Finds the docs of an instruction keyword (any case). */
export function findInstructionDoc(keyword: string): InstructionDoc | undefined {
  return INSTRUCTION_DOCS[keyword.toUpperCase()];
}
