/**
 * Refusals as problem bodies (RFC 9457): the API's exception, its mappers, and the size checks that run before
 * a body is read. Near the bottom of the gateway: every other package may use it, and it uses only the settings.
 */
package io.nodechecker.gateway.problem;
