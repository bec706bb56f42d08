/**
 * The shop's catalog on the sink's side: {@link shopsync.sink.catalog.CatalogView}, a local copy of
 * {@code shopsync.catalog} that catalog feeds (RetailCRM's ICML) are rendered from, with bounded memory.
 */
package shopsync.sink.catalog;
