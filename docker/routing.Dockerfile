# syntax=docker/dockerfile:1
# crisisline routing: built from this repository (context = repo root), run as a plain JVM process.
# docker build -f docker/routing.Dockerfile -t crisisline/routing .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The BuildKit cache keeps ~/.m2 between builds; locked, so parallel builds do not write it at once.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    mvn -B -q -pl routing-streams -am -DskipTests install \
 && mvn -B -q -pl routing-streams dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
 && cp routing-streams/target/routing-streams-*.jar routing-streams/target/lib/

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app crisisline && mkdir -p /data && chown crisisline /data
COPY --from=build /src/routing-streams/target/lib/ /app/lib/
# JSON logs on stdout (one object per line); services ship no logback.xml of their own.
COPY docker/logback-json.xml /app/logback.xml
USER crisisline
WORKDIR /app
ENV CRISISLINE_DATA_DIR=/data
EXPOSE 8082
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Dlogback.configurationFile=/app/logback.xml", "-cp", "/app/lib/*", "org.crisisline.routing.RoutingApp"]
