# Stage 1: the build. Maven and a full JDK, used only to make the jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /app
COPY pom.xml .
COPY src ./src
RUN mvn -B package

# Stage 2: the runtime. A JRE, and the one file the application needs.
FROM eclipse-temurin:17-jre-alpine
WORKDIR /app
COPY --from=build /app/target/hello-1.0.0.jar app.jar
CMD ["java", "-jar", "app.jar"]
