FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /app
COPY pom.xml .
COPY src ./src
RUN mvn -B package

# A complete Java 17 runtime: every module of the platform.
FROM eclipse-temurin:17-jre-alpine
WORKDIR /app
COPY --from=build /app/target/hello-1.0.0.jar app.jar
ENTRYPOINT ["java", "-jar", "app.jar"]
