// Environment variables that well-known base images define in their config (`ENV` lines of the
// docker-library Dockerfiles). BuildKit's UndefinedVar sees the real image config; we only know
// these families, so for any other image the check stays silent rather than guess
// (docs/rules/undefined-var.md: `FROM python` makes `$PYTHON_VERSION` defined).

import { type ImageReference, parseImageReference, shortRepositoryName } from './image-reference.ts';

const COMMON = ['PATH'];
const JAVA = ['JAVA_HOME', 'JAVA_VERSION', 'LANG', 'LANGUAGE', 'LC_ALL'];

const IMAGE_ENV: Readonly<Record<string, readonly string[]>> = {
  scratch: [],
  alpine: [],
  busybox: [],
  debian: [],
  ubuntu: [],
  centos: [],
  fedora: [],
  'local/busybox': [],
  'gcr.io/distroless/static-debian12': ['SSL_CERT_FILE'],
  'gcr.io/distroless/static': ['SSL_CERT_FILE'],
  'gcr.io/distroless/base': ['SSL_CERT_FILE'],
  'gcr.io/distroless/base-debian12': ['SSL_CERT_FILE'],
  'gcr.io/distroless/cc': ['SSL_CERT_FILE'],
  'gcr.io/distroless/cc-debian12': ['SSL_CERT_FILE'],
  golang: ['GOLANG_VERSION', 'GOTOOLCHAIN', 'GOPATH'],
  node: ['NODE_VERSION', 'YARN_VERSION'],
  python: ['PYTHON_VERSION', 'PYTHON_SHA256', 'GPG_KEY', 'LANG'],
  pypy: ['PYPY_VERSION', 'LANG'],
  ruby: ['RUBY_VERSION', 'RUBY_DOWNLOAD_SHA256', 'RUBY_DOWNLOAD_URL', 'GEM_HOME', 'BUNDLE_SILENCE_ROOT_WARNING', 'BUNDLE_APP_CONFIG', 'LANG'],
  rust: ['RUSTUP_HOME', 'CARGO_HOME', 'RUST_VERSION'],
  openjdk: JAVA,
  'eclipse-temurin': JAVA,
  amazoncorretto: JAVA,
  adoptopenjdk: JAVA,
  java: JAVA,
  maven: [...JAVA, 'MAVEN_HOME', 'MAVEN_CONFIG'],
  gradle: [...JAVA, 'GRADLE_HOME', 'GRADLE_VERSION'],
  tomcat: [...JAVA, 'CATALINA_HOME', 'TOMCAT_NATIVE_LIBDIR', 'LD_LIBRARY_PATH', 'TOMCAT_MAJOR', 'TOMCAT_VERSION', 'TOMCAT_SHA512'],
  nginx: ['NGINX_VERSION', 'NJS_VERSION', 'NJS_RELEASE', 'PKG_RELEASE', 'DYNPKG_RELEASE'],
  httpd: ['HTTPD_PREFIX', 'HTTPD_VERSION', 'HTTPD_SHA256', 'HTTPD_PATCHES'],
  php: ['PHPIZE_DEPS', 'PHP_INI_DIR', 'PHP_CFLAGS', 'PHP_CPPFLAGS', 'PHP_LDFLAGS', 'GPG_KEYS', 'PHP_VERSION', 'PHP_URL', 'PHP_ASC_URL', 'PHP_SHA256'],
  'mcr.microsoft.com/dotnet/sdk': ['APP_UID', 'ASPNETCORE_HTTP_PORTS', 'DOTNET_RUNNING_IN_CONTAINER', 'DOTNET_VERSION', 'ASPNET_VERSION', 'DOTNET_GENERATE_ASPNET_CERTIFICATE', 'DOTNET_NOLOGO', 'DOTNET_SDK_VERSION', 'DOTNET_USE_POLLING_FILE_WATCHER', 'NUGET_XMLDOC_MODE', 'POWERSHELL_DISTRIBUTION_CHANNEL'],
  'mcr.microsoft.com/dotnet/aspnet': ['APP_UID', 'ASPNETCORE_HTTP_PORTS', 'DOTNET_RUNNING_IN_CONTAINER', 'DOTNET_VERSION', 'ASPNET_VERSION'],
  'mcr.microsoft.com/dotnet/runtime': ['APP_UID', 'ASPNETCORE_HTTP_PORTS', 'DOTNET_RUNNING_IN_CONTAINER', 'DOTNET_VERSION'],
  'mcr.microsoft.com/dotnet/runtime-deps': ['APP_UID', 'ASPNETCORE_HTTP_PORTS', 'DOTNET_RUNNING_IN_CONTAINER'],
};

/**
 * The variable names the image sets, PATH included (BuildKit always ensures PATH), or
 * `undefined` when the image is not one we know.
 */
export function knownImageEnv(
  imageRef: string,
  parse: (ref: string) => ImageReference | undefined = parseImageReference,
): readonly string[] | undefined {
  if (imageRef === 'scratch') return COMMON;
  const ref = parse(imageRef);
  if (!ref) return undefined;
  const env = IMAGE_ENV[shortRepositoryName(ref.repository)];
  return env === undefined ? undefined : [...COMMON, ...env];
}
