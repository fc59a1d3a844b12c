/**
 * Rule actions: what the {@code http-request}, {@code http-response}, {@code http-after-response},
 * {@code tcp-request} and {@code tcp-response} lines do.
 *
 * <p>As in HAProxy ({@code struct action_kw}, {@code rule->action_ptr}), each action keyword is
 * served by one {@link dev.bascule.api.action.ActionFactory}, which says in which
 * {@link dev.bascule.api.action.RuleSet rule sets} it may be written and parses its own arguments
 * at load time into an {@link dev.bascule.api.action.Action}. The host runs the action on the
 * connection's event loop and branches on the {@link dev.bascule.api.action.ActionResult} it
 * returns, as HAProxy's analysers branch on {@code ACT_RET_*}.
 */
package dev.bascule.api.action;
