/**
 * The process and the operating system: the POSIX calls the JDK lacks (through JNA) and what
 * HAProxy does with them at start-up ({@code ulimit-n}, {@code chroot}, {@code group}, {@code user}).
 * Internal: may change at any time.
 */
package dev.bascule.core.os;
