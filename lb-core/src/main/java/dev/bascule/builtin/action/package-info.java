/**
 * The built-in rule actions ({@code add-header}, {@code set-header}, {@code allow}...), each an
 * {@link dev.bascule.api.action.ActionFactory} of the {@code samples} plugin, written against
 * {@code dev.bascule.api} only, exactly as a third-party plugin's actions are: nothing here may
 * use {@code dev.bascule.core} (an architecture test fails the build when something does).
 */
package dev.bascule.builtin.action;
