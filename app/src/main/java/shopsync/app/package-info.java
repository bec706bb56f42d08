/**
 * The {@code shopsync} command: typed configuration ({@code config}), the runtime that starts the connector,
 * processor and sink roles in one process with the embedded broker when no external one is configured
 * ({@code runtime}), its ops endpoints, and the operator commands ({@code ops}: status, dead letters, replay,
 * resnapshot, setup). Its runtime classpath is what the image ships; it never includes the test kit.
 */
package shopsync.app;
