/** DESIGN.md "gitops.yaml" example, verbatim. */
export const DESIGN_EXAMPLE = `apps:
  payments:
    image: ghcr.io/acme/payments
    environments:
      dev:     { file: overlays/dev/payments/values.yaml, key: image.tag, mode: push, argocd: payments-dev }
      staging: { file: overlays/staging/payments/values.yaml, mode: pull-request, from: dev, argocd: payments-staging }
      prod:    { file: overlays/prod/payments/values.yaml, mode: pull-request, from: staging }
`;
