/** The command line: HAProxy's flags, messages and exit codes. Internal: may change at any time. */
package dev.bascule.core.cli;
