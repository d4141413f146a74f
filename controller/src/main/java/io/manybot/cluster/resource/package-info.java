/**
 * The custom resources of the cluster home (group {@code manybot.io}, version {@code v1alpha1}):
 * Manybot, Goal, Subscription and WorkCycle. Their specs have the shape of the declaration files
 * ({@code schemas/}); the CRDs in {@code crds/} are generated from these classes at build time.
 * Kubernetes' validation here is a first line; the core validates every spec again (schema and
 * binding) and reports what it finds in status.
 */
package io.manybot.cluster.resource;
