/**
 * What a native build of a member must be told about the cluster's libraries: the types they build by
 * reflection ({@link io.nodechecker.cluster.nativeimage.ClusterFeature}); the resources and class
 * initialisation are in this module's {@code META-INF/native-image/.../native-image.properties}.
 */
package io.nodechecker.cluster.nativeimage;
