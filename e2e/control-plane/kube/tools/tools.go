//go:build tools

// Package tools pins the Kubernetes commands this module builds: the control plane for tests and
// the demo, and the kubelet and kube-proxy of the real nodes, from the published Go modules (no
// Kubernetes source is vendored here).
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
