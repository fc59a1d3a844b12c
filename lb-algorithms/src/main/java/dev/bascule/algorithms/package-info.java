/**
 * The built-in {@code balance} algorithms, packaged and loaded exactly like a third-party plugin:
 * this module sees only {@code dev.bascule.api}.
 */
package dev.bascule.algorithms;
