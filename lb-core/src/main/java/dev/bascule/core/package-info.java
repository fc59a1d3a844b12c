/**
 * The Bascule core: plugin loading, keyword registries, the runtime model compiled from a
 * configuration, and the command line. It reaches the network only through
 * {@link dev.bascule.core.Transport}, which a transport module implements.
 */
package dev.bascule.core;
