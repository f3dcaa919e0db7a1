# variables bundled into the browser are public by design; Filters__0__Key names a setting
FROM node:20-alpine AS web
ARG VITE_AMPLITUDE_API_KEY=""
ENV VITE_AMPLITUDE_API_KEY=$VITE_AMPLITUDE_API_KEY
ARG NEXT_PUBLIC_STRIPE_KEY
FROM mcr.microsoft.com/dotnet/aspnet:8.0
ENV DefaultProcess__Filters__0__Key=ProcessId \
    DefaultProcess__Filters__0__Value=1
