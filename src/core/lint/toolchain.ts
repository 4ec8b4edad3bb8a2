// Which build tools a base image carries: the size catalog's `contains` for images it records
// (shared/data/base-images.json), otherwise read off the image name the way the official images
// are built (golang ships go, maven ships maven and a JDK, …).

import { boundedMemo } from '../bounded-memo.ts';
import { findCatalogImage } from '../size/base-image-catalog.ts';
import { parseImageReference, shortRepositoryName } from './image-reference.ts';

const JAVA_REPOS = new Set(['openjdk', 'eclipse-temurin', 'amazoncorretto', 'adoptopenjdk', 'java', 'sapmachine', 'ibm-semeru-runtimes', 'ibmjava']);

// Every lint asks about the final stage's base image: the answer is kept per reference.
const TOOLS = new Map<string, readonly string[]>();

/** Tools in the image (`jdk`, `maven`, `go`, `gcc`, `node`, `npm`, …), as far as we can tell. */
export function imageTools(imageRef: string): readonly string[] {
  return boundedMemo(TOOLS, 1024, imageRef, lookUpTools);
}

function lookUpTools(imageRef: string): readonly string[] {
  const known = findCatalogImage(imageRef);
  if (known) return known.record.contains;
  const ref = parseImageReference(imageRef);
  if (!ref) return [];
  const repo = shortRepositoryName(ref.repository);
  const tag = ref.tag ?? 'latest';
  const last = repo.split('/').pop() ?? repo;
  if (last === 'golang' || last === 'go') return ['go', 'gcc', 'git'];
  if (last === 'maven') return ['maven', 'jdk'];
  if (last === 'gradle') return ['gradle', 'jdk'];
  if (JAVA_REPOS.has(last)) return /jre/.test(tag) ? ['jre'] : ['jdk'];
  if (last === 'gcc') return ['gcc'];
  if (last === 'buildpack-deps') return ['gcc', 'git', 'curl'];
  if (last === 'rust') return ['rust', 'cargo', 'gcc'];
  if (last === 'node') return ['node', 'npm', 'yarn'];
  if (repo === 'mcr.microsoft.com/dotnet/sdk') return ['dotnet-sdk'];
  return [];
}

/** The subset of `tools` that only building needs: compilers, SDKs, build systems. */
export const BUILD_ONLY_TOOLS: ReadonlySet<string> = new Set(['jdk', 'maven', 'gradle', 'go', 'gcc', 'rust', 'cargo', 'dotnet-sdk']);

export function describeTools(tools: readonly string[]): string {
  const names: Record<string, string> = {
    jdk: 'a JDK',
    maven: 'Maven',
    gradle: 'Gradle',
    go: 'the Go toolchain',
    gcc: 'gcc',
    rust: 'the Rust compiler',
    cargo: 'cargo',
    'dotnet-sdk': 'the .NET SDK',
    npm: 'npm',
  };
  const parts = tools.map((t) => names[t] ?? t);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}
