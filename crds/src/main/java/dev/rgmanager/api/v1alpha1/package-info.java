/**
 * The rgmanager.dev/v1alpha1 API: HACluster, FenceDevice, FailoverDomain and ClusterService, with
 * the validation that the CRD schema enforces at admission.
 */
package dev.rgmanager.api.v1alpha1;
