/**
 * The immutable configuration model a {@link dev.bascule.api.loader.ConfigLoader} produces and the
 * core compiles into a running proxy. Every node that comes from a line of the user's file
 * carries its {@link dev.bascule.api.config.SourceLocation}, so that any later diagnostic can
 * point back at it.
 */
package dev.bascule.api.config;
