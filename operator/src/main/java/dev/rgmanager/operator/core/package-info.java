/**
 * The pure decision core: placement by failover domain, exclusive services and dependencies, the
 * service state machine with its operations and recovery policies, the restart window, quorum
 * gating and the fencing gate. Facts in, decisions out; no Kubernetes client, no framework, time
 * passed in.
 */
package dev.rgmanager.operator.core;
