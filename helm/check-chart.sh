#!/usr/bin/env bash
# Lints and renders the chart, and checks its RBAC has no cluster-wide Secret access and that its
# crds/ equals the committed crds/. Usage: helm/check-chart.sh [path/to/helm]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
chart="$here/rgmanager-operator"
helm="${1:-${RGM_HELM:-$(command -v helm || true)}}"
if [[ -z "$helm" ]]; then
  helm="$(find "$HOME/.cache/rgmanager-operator" -maxdepth 5 -type f -name helm -perm -u+x 2>/dev/null | sort | head -1)"
fi
[[ -x "$helm" ]] || { echo "check-chart: no helm binary (pass one, or set RGM_HELM)" >&2; exit 2; }

for crd in "$repo"/crds/*.rgmanager.dev.yaml; do
  cmp -s "$crd" "$chart/crds/$(basename "$crd")" \
    || { echo "check-chart: $chart/crds/$(basename "$crd") differs from crds/: copy it" >&2; exit 1; }
done

"$helm" lint --strict "$chart"
"$helm" lint --strict "$chart" --set 'watchNamespaces={shop,db}' --set 'fencing.secretNamespaces={fencing}'
rendered="$("$helm" template rgm "$chart" --namespace rgm-system --kube-version 1.34.0)"

# Split the rendered manifests into documents and look at every ClusterRole for Secrets or wildcards.
if awk 'BEGIN{RS="\n---"} /\nkind: ClusterRole\n/ && (/"secrets"/ || /"\*"/) {found=1} END{exit !found}' <<<"$rendered"; then
  echo "check-chart: a ClusterRole grants Secrets or a wildcard" >&2
  exit 1
fi
echo "check-chart: lint clean; no cluster-wide Secret access; CRDs in sync"
