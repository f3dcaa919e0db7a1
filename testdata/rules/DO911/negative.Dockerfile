FROM registry.access.redhat.com/ubi9/ubi-minimal
RUN microdnf install -y MariaDB-server-${MARIADB_VERSION} nginx-1.26.2 && microdnf clean all
