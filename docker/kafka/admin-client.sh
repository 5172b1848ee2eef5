#!/bin/sh
# Writes /tmp/admin.properties: the admin principal (a broker super user) over SASL PLAIN on the
# brokers' INTERNAL listener (:19093). Used by the healthcheck and by kafka-init; the password comes
# from ADMIN_PASSWORD in the container's environment, never from this file.
set -eu
umask 077
cat > /tmp/admin.properties <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${ADMIN_PASSWORD}";
PROPS
