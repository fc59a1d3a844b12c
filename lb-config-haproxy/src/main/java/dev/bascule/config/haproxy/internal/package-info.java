/**
 * Internals of the HAProxy configuration loader: the line tokenizer, HAProxy's keyword tables,
 * address and time parsers and the section parsers. These classes are public only so that tests
 * and tools can reach them; they may change at any time, without notice.
 */
package dev.bascule.config.haproxy.internal;
