"""The build context: .dockerignore semantics, context scan, dependency manifests."""
