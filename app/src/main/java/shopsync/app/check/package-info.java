/**
 * {@code shopsync check}, the preflight: {@link shopsync.app.check.Preflight#run} talks to the shop's database, RetailCRM
 * and Frontpad as configured and returns a {@link shopsync.app.check.CheckReport}, one entry per check (ok, warning,
 * problem, with what to do). {@code shopsync run} makes the same checks before it starts and does not start on a
 * problem. One class per area: {@code ShopDatabaseCheck}, {@code RetailCrmCheck}, {@code FrontpadCheck},
 * {@code WebhookCheck}.
 */
package shopsync.app.check;
