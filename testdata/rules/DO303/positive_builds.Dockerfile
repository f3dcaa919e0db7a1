# expect: 7:1 DO303
# expect: 13:1 DO303
# expect: 19:1 DO303
# expect: 24:1 DO303
FROM golang:1.22 AS go
WORKDIR /src
COPY . .
# no go mod download above the COPY: this build downloads every module on each source change
RUN go build -o /out/app .

FROM maven:3.9-eclipse-temurin-21 AS jvm
WORKDIR /app
COPY . .
RUN mvn -B package -DskipTests

FROM python:3.12-slim AS py
WORKDIR /srv
# pip install . resolves and downloads the project's dependencies
COPY . .
RUN pip install --no-cache-dir .

FROM python:3.12-slim
WORKDIR /srv
COPY . .
# a fetch after the copy is reported even when it is not the next step
RUN useradd app
RUN pip install --no-cache-dir -r requirements.txt
