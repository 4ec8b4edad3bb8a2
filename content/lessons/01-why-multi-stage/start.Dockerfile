# One stage does everything: compile with Maven, then run the jar.
FROM maven:3.9-eclipse-temurin-17
WORKDIR /app
COPY pom.xml .
COPY src ./src
RUN mvn -B package
CMD ["java", "-jar", "target/hello-1.0.0.jar"]
