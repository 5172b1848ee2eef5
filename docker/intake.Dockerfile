# syntax=docker/dockerfile:1
# crisisline intake: built from this repository (context = repo root), run as a plain JVM process.
# docker build -f docker/intake.Dockerfile -t crisisline/intake .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The BuildKit cache keeps ~/.m2 between builds; locked, so parallel builds do not write it at once.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    mvn -B -q -pl intake-service -am -DskipTests install \
 && mvn -B -q -pl intake-service dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
 && cp intake-service/target/intake-service-*.jar intake-service/target/lib/

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app crisisline && mkdir -p /data && chown crisisline /data
COPY --from=build /src/intake-service/target/lib/ /app/lib/
# JSON logs on stdout (one object per line); services ship no logback.xml of their own.
COPY docker/logback-json.xml /app/logback.xml
USER crisisline
WORKDIR /app
ENV CRISISLINE_DATA_DIR=/data
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Dlogback.configurationFile=/app/logback.xml", "-cp", "/app/lib/*", "org.crisisline.intake.IntakeApp"]
