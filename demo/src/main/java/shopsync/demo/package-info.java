/**
 * {@code shopsync demo} and {@code shopsync bench}: the application run against the test kit on this machine
 * (private MariaDB, embedded broker, RetailCRM emulator) to show it working and to measure it. {@link
 * shopsync.demo.DemoMain} is the application's command line with these two subcommands added; the launcher
 * script runs it for them, and the application's own main for everything else.
 */
package shopsync.demo;
