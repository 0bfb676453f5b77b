/**
 * What a native build of the runner must be told about docker-java ({@link
 * io.nodechecker.runner.nativeimage.RunnerFeature}); the rest is in this module's
 * {@code META-INF/native-image/.../native-image.properties}.
 */
package io.nodechecker.runner.nativeimage;
