# expect: 6:5 DO113
# expect: 7:5 DO113
# expect: 8:7 DO113
# expect: 10:5 DO113
FROM eclipse-temurin:21-jre
ENV JAVA_OPTS -Xms256m -Xmx1g -XX:+UseG1GC
ENV APP_HOME /opt/app
LABEL maintainer platform-team@example.com
ENV LANG=C.UTF-8
ENV GREETING "hello, $USER"
WORKDIR $APP_HOME
COPY build/libs/app.jar app.jar
CMD ["sh", "-c", "exec java $JAVA_OPTS -jar app.jar"]
