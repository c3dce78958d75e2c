#!/bin/sh
# The image's entrypoint. `docker run IMAGE promote …` runs the CLI; a program the image has
# (sh, git — and the shell GitLab Runner starts every job with) runs as given, so CI jobs can use
# the image without overriding its entrypoint.
case "${1:-}" in
  '' | -*) ;;
  *) case "$(command -v "$1" 2>/dev/null)" in /*) exec "$@" ;; esac ;;
esac
exec gitops-actions "$@"
