FROM alpine:3.20
LABEL description="café 🐳 image"
CMD ["echo", "🐳", "café", "done"]
