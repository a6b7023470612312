# Container image for Aurelis. Build the jar first (./mvnw -DskipTests package), then:
#   docker build -t aurelis:dev .
FROM eclipse-temurin:21-jre
RUN useradd --system --uid 1000 --home-dir /var/lib/aurelis aurelis \
 && mkdir -p /var/lib/aurelis /etc/aurelis \
 && chown aurelis /var/lib/aurelis
COPY target/aurelis.jar /opt/aurelis/aurelis.jar
USER 1000
ENV AURELIS_DATA_DIR=/var/lib/aurelis \
    AURELIS_PORT=8080
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/aurelis/aurelis.jar", "serve"]
