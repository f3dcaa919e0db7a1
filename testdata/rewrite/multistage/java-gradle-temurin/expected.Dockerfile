FROM gradle:8.10-jdk17 AS builder
WORKDIR /home/gradle/project
COPY . .
RUN gradle bootJar --no-daemon

FROM eclipse-temurin:17-jre AS build
WORKDIR /home/gradle/project
COPY --from=builder /home/gradle/project/build/libs/inventory-0.0.1-SNAPSHOT.jar /home/gradle/project/build/libs/inventory-0.0.1-SNAPSHOT.jar
EXPOSE 8080
CMD ["java", "-jar", "build/libs/inventory-0.0.1-SNAPSHOT.jar"]
