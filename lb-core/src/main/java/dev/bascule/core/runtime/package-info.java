/**
 * The runtime model compiled from an {@link dev.bascule.api.config.LbConfig}: what the transport
 * reads on its hot path. Everything here is built on the control plane; the transport reads
 * immutable fields and the volatile picker. Internal: may change at any time.
 */
package dev.bascule.core.runtime;
