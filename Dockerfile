# syntax=docker/dockerfile:1
# The gitops-actions CLI with git, for CI jobs that prefer an image to npx. In GitLab:
#   image: ghcr.io/<org>/gitops-actions:1   and the components' input   cli: gitops-actions
# It installs the same tarball `npm publish` ships, packed from the committed dist/ (no npm ci:
# the bundle carries every dependency). Built and pushed by .github/workflows/release.yml.
# Linted by test/package.test.ts with dockerfile-utils: hadolint is packaged in neither npm nor Debian.

FROM node:24-alpine AS pack
WORKDIR /src
COPY package.json LICENSE README.md ./
COPY dist/bundle/ dist/bundle/
COPY dist/cli/ dist/cli/
# --ignore-scripts: `prepare` sets up a development checkout, which this is not.
RUN npm pack --ignore-scripts --pack-destination /out \
 && mv /out/gitops-actions-*.tgz /out/gitops-actions.tgz

FROM node:24-alpine
# Alpine keeps only the current build of each package, so a pinned apk version breaks the build
# on the next security update; the node:24-alpine tag (pin its digest if you need more) fixes the set.
# hadolint ignore=DL3018
RUN apk add --no-cache git
COPY --from=pack /out/gitops-actions.tgz /tmp/gitops-actions.tgz
RUN npm install --global --ignore-scripts --no-audit --no-fund /tmp/gitops-actions.tgz \
 && rm /tmp/gitops-actions.tgz \
 && npm cache clean --force
COPY scripts/docker-entrypoint.sh /usr/local/bin/gitops-actions-entrypoint
# The image stays root like node's own: GitLab and GitHub container jobs write their reports into a
# build folder the runner created as root.
ENTRYPOINT ["gitops-actions-entrypoint"]
CMD ["--help"]
