FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /app
COPY pom.xml .
COPY src ./src
RUN mvn -B package

# A runtime with only the modules the application uses.
FROM eclipse-temurin:17-jdk AS jre
RUN jlink --add-modules java.base --strip-debug --no-header-files --no-man-pages --compress=2 --output /opt/jre

# glibc, like the JDK jlink ran in: the custom runtime runs here.
FROM debian:bookworm-slim
COPY --from=jre /opt/jre /opt/jre
WORKDIR /app
COPY --from=build /app/target/hello-1.0.0.jar app.jar
ENTRYPOINT ["/opt/jre/bin/java", "-jar", "app.jar"]
