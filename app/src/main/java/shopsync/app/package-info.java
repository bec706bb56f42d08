/**
 * The {@code shopsync} command: typed configuration ({@code config}), the runtime that starts the connector,
 * processor and sink roles in one process with the embedded broker when no external one is configured
 * ({@code runtime}), its ops endpoints, the preflight ({@code check}: {@code shopsync check}, and the gate of
 * {@code shopsync run}), the operator commands ({@code ops}: status, dead letters, replay, resnapshot, setup) and the web
 * console on the ops port ({@code console}: pages over the same status, trail, dead-letter and check tools, templates in
 * {@code src/main/jte}). Its runtime classpath is what the image ships; it never includes the test kit.
 */
package shopsync.app;
