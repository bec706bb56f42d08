/**
 * HTTP plumbing shared by every shopsync endpoint and the CRM emulators: {@link shopsync.http.JsonHttpServer}
 * (the JDK server with a thread pool, routes and JSON/text replies) and {@link shopsync.http.FormRequest}
 * (query and form fields as a PHP-style API reads them, parsed by Netty's decoder). It keeps Netty out of
 * {@code events}.
 */
package shopsync.http;
