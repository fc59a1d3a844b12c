/**
 * Plugin discovery: descriptors, per-plugin class loaders, ClassGraph scanning and the Guice
 * module that binds every plugin's factories into name-keyed maps. Internal: may change at any time.
 */
package dev.bascule.core.plugin;
