/**
 * Compiled ACLs, conditions and HTTP rules: built once on the control plane from the config
 * model, evaluated on the event loop without allocating.
 */
package dev.bascule.core.rules;
